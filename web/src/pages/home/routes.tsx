import { HomeOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { PageRoute } from '../../route-types';

export const homeRoutes: readonly PageRoute[] = [
  {
    path: '',
    title: '首页',
    roles: 'any',
    component: lazy(() => import('./HomePage')),
    menu: { group: 'home', order: 0, icon: <HomeOutlined /> },
  },
];
