import { useEffect, useState } from 'react';
import { type Org, api } from '../../api';

/** Names of organisations by id, asked once each per page load (the directory is not confidential). */
const names = new Map<string, Promise<string | null>>();

function nameOf(id: string): Promise<string | null> {
  let pending = names.get(id);
  if (!pending) {
    pending = api
      .get<Org>(`/api/v1/orgs/${encodeURIComponent(id)}`)
      .then((o) => o.name)
      .catch(() => null);
    names.set(id, pending);
  }
  return pending;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function useOrgNames(ids: readonly (string | undefined)[]): ReadonlyMap<string, string> {
  const [known, setKnown] = useState<ReadonlyMap<string, string>>(new Map());
  const key = [...new Set(ids.filter((id): id is string => Boolean(id) && UUID.test(id ?? '')))]
    .sort()
    .join(',');
  useEffect(() => {
    if (!key) return undefined;
    let live = true;
    const wanted = key.split(',');
    void Promise.all(wanted.map(async (id) => [id, await nameOf(id)] as const)).then((pairs) => {
      if (!live) return;
      setKnown(new Map(pairs.filter((p): p is readonly [string, string] => p[1] !== null)));
    });
    return () => {
      live = false;
    };
  }, [key]);
  return known;
}
