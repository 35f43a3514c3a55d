import { BarChartOutlined, FormOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { PageRoute } from '../../route-types';
import { AGGREGATE_READERS, REPORTERS } from './forms';

const READERS = [...REPORTERS, 'city_reviewer', 'auditor'] as const;

export const statisticsRoutes: readonly PageRoute[] = [
  {
    path: 'statistics/reports',
    title: '统计报表填报',
    roles: READERS,
    component: lazy(() => import('./ReportsPage')),
    menu: { group: 'statistics', order: 10, icon: <FormOutlined /> },
  },
  {
    path: 'statistics/reports/new',
    title: '填报统计表',
    roles: REPORTERS,
    component: lazy(() => import('./NewReportPage')),
  },
  {
    path: 'statistics/reports/:reportId',
    title: '统计表详情',
    roles: READERS,
    component: lazy(() => import('./ReportDetailPage')),
  },
  {
    path: 'statistics/summary',
    title: '统计汇总',
    roles: AGGREGATE_READERS,
    component: lazy(() => import('./SummaryPage')),
    menu: { group: 'statistics', order: 20, icon: <BarChartOutlined /> },
  },
];
