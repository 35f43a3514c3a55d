import { FundOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { PageRoute } from '../../route-types';
import { CITY_DASHBOARD_READERS } from './types';

export const cityRoutes: readonly PageRoute[] = [
  {
    path: 'overview',
    title: '全市概览',
    roles: CITY_DASHBOARD_READERS,
    component: lazy(() => import('./CityOverviewPage')),
    menu: { group: 'home', order: 5, icon: <FundOutlined /> },
  },
];
