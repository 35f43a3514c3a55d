import { BankOutlined, DashboardOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { PageRoute } from '../../route-types';

export const baseRoutes: readonly PageRoute[] = [
  {
    path: 'bases/mine',
    title: '本基地工作台',
    roles: ['base_operator'],
    component: lazy(() => import('./BaseDetailPage')),
    menu: { group: 'bases', order: 10, icon: <BankOutlined /> },
  },
  {
    path: 'bases',
    title: '基地年度进度',
    roles: ['city_reviewer', 'auditor', 'admin'],
    component: lazy(() => import('./BasesPage')),
    menu: { group: 'bases', order: 20, icon: <DashboardOutlined /> },
  },
  {
    path: 'bases/:baseId',
    title: '基地年度情况',
    roles: ['city_reviewer', 'auditor', 'admin', 'base_operator'],
    component: lazy(() => import('./BaseDetailPage')),
  },
];
