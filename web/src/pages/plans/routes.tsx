import { FilePdfOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { PageRoute } from '../../route-types';
import { PLAN_READERS } from './types';

export const planRoutes: readonly PageRoute[] = [
  {
    path: 'plans',
    title: '培训方案',
    roles: PLAN_READERS,
    component: lazy(() => import('./PlansPage')),
    menu: { group: 'units', order: 20, icon: <FilePdfOutlined /> },
  },
  {
    path: 'plans/:planId',
    title: '培训方案详情',
    roles: PLAN_READERS,
    component: lazy(() => import('./PlanDetailPage')),
  },
];
