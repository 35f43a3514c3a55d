import { BellOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { PageRoute } from '../../route-types';

export const noticeRoutes: readonly PageRoute[] = [
  {
    path: 'notices',
    title: '通知与截止日期',
    roles: 'any',
    component: lazy(() => import('./NoticesPage')),
    menu: { group: 'home', order: 10, icon: <BellOutlined /> },
  },
];
