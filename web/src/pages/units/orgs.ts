import { type Org, api, useQuery, type QueryState } from '../../api';
import { useUser } from '../../auth/auth';

/** An organisation with how deep it sits below the user's own (0: their own). */
export interface JurisdictionOrg extends Org {
  readonly depth: number;
}

const cache = new Map<string, Promise<JurisdictionOrg[]>>();

/** Kinds whose children may organise training or report: units and bases have none. */
const HAS_CHILDREN: ReadonlySet<Org['kind']> = new Set(['city', 'district', 'department']);

/**
 * The user's organisation and every organisation below it (city → district → department → unit),
 * level by level through `GET /api/v1/orgs?parentId=`: the choices for 承办单位 and 报送单位.
 */
async function loadJurisdiction(orgId: string): Promise<JurisdictionOrg[]> {
  const own = await api.get<Org>(`/api/v1/orgs/${encodeURIComponent(orgId)}`, {});
  const found: JurisdictionOrg[] = [{ ...own, depth: 0 }];
  let level: JurisdictionOrg[] = found;
  for (let depth = 1; depth <= 3 && level.length > 0; depth++) {
    const parents = level.filter((o) => HAS_CHILDREN.has(o.kind));
    const pages = await Promise.all(
      parents.map((p) => api.get<{ items: Org[] }>('/api/v1/orgs', { query: { parentId: p.id } })),
    );
    level = pages.flatMap((page) => page.items.map((o) => ({ ...o, depth })));
    found.push(...level);
  }
  return found;
}

export function useJurisdictionOrgs(): QueryState<JurisdictionOrg[]> {
  const user = useUser();
  // Shared by every page of the session, so not tied to one page's abort signal.
  return useQuery(`jurisdiction:${user.orgId}`, () => {
    let pending = cache.get(user.orgId);
    if (!pending) {
      pending = loadJurisdiction(user.orgId);
      cache.set(user.orgId, pending);
      pending.catch(() => cache.delete(user.orgId));
    }
    return pending;
  });
}

export const ORG_KIND_LABELS: Record<Org['kind'], string> = {
  city: '市人社局',
  district: '区市人社局',
  department: '主管部门',
  unit: '单位',
  base: '继续教育基地',
};
