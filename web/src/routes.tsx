import type { PageRoute } from './route-types';
import { homeRoutes } from './pages/home/routes';
import { personRoutes } from './pages/person/routes';
import { approvalRoutes } from './pages/approvals/routes';
import { noticeRoutes } from './pages/notices/routes';
import { cityRoutes } from './pages/city/routes';
import { projectRoutes } from './pages/projects/routes';
import { planRoutes } from './pages/plans/routes';
import { statisticsRoutes } from './pages/statistics/routes';
import { baseRoutes } from './pages/bases/routes';
import { auditRoutes } from './pages/audit/routes';

/**
 * Every page of the app. A page area keeps its entries in `pages/<area>/routes.tsx` (lazy-loaded
 * components, roles, menu group and order) and adds one spread here; the layout builds the menu and
 * the router from this list, showing each user only what their roles may open.
 */
export const ROUTES: readonly PageRoute[] = [
  ...homeRoutes,
  ...personRoutes,
  ...approvalRoutes,
  ...noticeRoutes,
  ...cityRoutes,
  ...projectRoutes,
  ...planRoutes,
  ...statisticsRoutes,
  ...baseRoutes,
  ...auditRoutes,
];
