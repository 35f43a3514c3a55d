import { FileAddOutlined, ProfileOutlined, SolutionOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { PageRoute } from '../../route-types';

const PERSON_AREA = ['person', 'unit_admin'] as const;

export const personRoutes: readonly PageRoute[] = [
  {
    path: 'my/year',
    title: '我的学年',
    roles: PERSON_AREA,
    component: lazy(() => import('./MyYearPage')),
    menu: { group: 'person', order: 10, icon: <ProfileOutlined /> },
  },
  {
    path: 'my/claims/new',
    title: '学时登记',
    roles: PERSON_AREA,
    component: lazy(() => import('./NewClaimPage')),
    menu: { group: 'person', order: 20, icon: <FileAddOutlined /> },
  },
  {
    path: 'my/claims',
    title: '我的登记',
    roles: PERSON_AREA,
    component: lazy(() => import('./MyClaimsPage')),
    menu: { group: 'person', order: 30, icon: <SolutionOutlined /> },
  },
  {
    path: 'my/claims/:claimId',
    title: '登记详情',
    roles: PERSON_AREA,
    component: lazy(() => import('./ClaimDetailPage')),
  },
];
