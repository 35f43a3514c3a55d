import { FileSearchOutlined, SafetyCertificateOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { PageRoute } from '../../route-types';
import { AUDIT_ROLES } from './types';

export const auditRoutes: readonly PageRoute[] = [
  {
    path: 'audit/streams',
    title: '记录追溯',
    roles: AUDIT_ROLES,
    component: lazy(() => import('./StreamAuditPage')),
    menu: { group: 'audit', order: 10, icon: <FileSearchOutlined /> },
  },
  {
    path: 'audit/events',
    title: '事件流水',
    roles: AUDIT_ROLES,
    component: lazy(() => import('./AuditEventsPage')),
    menu: { group: 'audit', order: 20, icon: <UnorderedListOutlined /> },
  },
  {
    path: 'audit/verify',
    title: '哈希链校验',
    roles: AUDIT_ROLES,
    component: lazy(() => import('./VerifyPage')),
    menu: { group: 'audit', order: 30, icon: <SafetyCertificateOutlined /> },
  },
];
