import { AuditOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { PageRoute } from '../../route-types';

export const approvalRoutes: readonly PageRoute[] = [
  {
    path: 'approvals',
    title: '待办审批',
    roles: [
      'unit_admin',
      'department_reviewer',
      'district_reviewer',
      'city_reviewer',
      'base_operator',
      'auditor',
    ],
    component: lazy(() => import('./InboxPage')),
    menu: { group: 'approvals', order: 10, icon: <AuditOutlined /> },
  },
];
