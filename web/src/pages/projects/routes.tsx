import { BookOutlined, FileAddOutlined, ProjectOutlined, UploadOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { PageRoute } from '../../route-types';
import { PROJECT_SUBMITTERS } from './types';

export const projectRoutes: readonly PageRoute[] = [
  {
    path: 'projects',
    title: '培训项目申报',
    roles: [...PROJECT_SUBMITTERS, 'auditor'],
    component: lazy(() => import('./ProjectsPage')),
    menu: { group: 'projects', order: 10, icon: <ProjectOutlined /> },
  },
  {
    path: 'projects/new',
    title: '申报培训项目',
    roles: PROJECT_SUBMITTERS,
    component: lazy(() => import('./NewProjectPage')),
    menu: { group: 'projects', order: 20, icon: <FileAddOutlined /> },
  },
  {
    path: 'projects/import',
    title: '导入附件1',
    roles: PROJECT_SUBMITTERS,
    component: lazy(() => import('./ImportProjectsPage')),
    menu: { group: 'projects', order: 30, icon: <UploadOutlined /> },
  },
  {
    path: 'projects/:projectId',
    title: '培训项目详情',
    roles: [...PROJECT_SUBMITTERS, 'auditor'],
    component: lazy(() => import('./ProjectDetailPage')),
  },
  {
    path: 'catalogue',
    title: '培训项目目录',
    roles: 'any',
    component: lazy(() => import('./CataloguePage')),
    menu: { group: 'projects', order: 40, icon: <BookOutlined /> },
  },
];
