import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';
import type { Role } from './api';

/** Sections of the side menu, in display order. A section without a visible entry is hidden. */
export const MENU_GROUPS = [
  { key: 'home', label: '首页' },
  { key: 'person', label: '个人学时' },
  { key: 'approvals', label: '审批' },
  { key: 'units', label: '单位与主管部门' },
  { key: 'projects', label: '培训项目' },
  { key: 'bases', label: '继续教育基地' },
  { key: 'statistics', label: '统计与报表' },
  { key: 'audit', label: '审计' },
  { key: 'admin', label: '系统管理' },
] as const;

export type MenuGroup = (typeof MENU_GROUPS)[number]['key'];

/** One page of the app: a route under the signed-in layout and, optionally, its menu entry. */
export interface PageRoute {
  /** Path below `/`, without the leading slash (e.g. `my/year`). */
  readonly path: string;
  /** Chinese title: menu label, page header and document title. */
  readonly title: string;
  /** Who may open it: any of these roles (`'any'`: every signed-in user). */
  readonly roles: readonly Role[] | 'any';
  readonly component: LazyExoticComponent<ComponentType> | ComponentType;
  /** Where the page appears in the menu; omit for pages reached by links only (details). */
  readonly menu?: { readonly group: MenuGroup; readonly order: number; readonly icon?: ReactNode };
}

export function mayOpen(route: PageRoute, roles: readonly Role[]): boolean {
  return route.roles === 'any' || route.roles.some((r) => roles.includes(r));
}
