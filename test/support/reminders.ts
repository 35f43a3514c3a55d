import type { Redis } from 'ioredis';

export type Sql = (sql: string, params?: unknown[]) => Promise<unknown[]>;

/** Professionals with a person account and no hours, in one new unit (read-model rows, inserted directly). */
export async function insertProfessionals(query: Sql, label: string, count: number): Promise<string> {
  const [unit] = (await query(
    `INSERT INTO rm_orgs (id, name, kind, parent_id, unit_type, sector, ancestors, created_at)
     SELECT gen_random_uuid(), $1, 'unit', id, 'enterprise', 'other', ARRAY[id], now() FROM rm_orgs WHERE kind = 'city'
     RETURNING id`,
    [`批量单位-${label}`],
  )) as { id: string }[];
  if (!unit) throw new Error('no city org');
  await query(
    `WITH p AS (
       INSERT INTO rm_persons (id, name, id_number_masked, id_number_hash, unit_id, org_ancestors, created_at)
       SELECT gen_random_uuid(), '专技人员' || i, '3706**********' || i, md5($2 || i), $1, ARRAY[$1::uuid], now()
       FROM generate_series(1, $3) i RETURNING id, name)
     INSERT INTO rm_users (id, username, display_name, org_id, roles, person_id)
     SELECT gen_random_uuid(), $2 || '-' || p.id, p.name, $1, ARRAY['person'], p.id FROM p`,
    [unit.id, label, count],
  );
  return unit.id;
}

/**
 * Deletes every key of one queue prefix in one atomic step: what FLUSHALL does to this test file,
 * without touching the other test files that share the Redis server.
 */
export async function flushPrefix(redis: Redis, prefix: string): Promise<number> {
  const deleted = await redis.eval(
    `local keys = redis.call('KEYS', ARGV[1])
     for i = 1, #keys, 5000 do redis.call('DEL', unpack(keys, i, math.min(i + 4999, #keys))) end
     return #keys`,
    0,
    `${prefix}:*`,
  );
  return Number(deleted);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `read` answers at least `target` (or the time is up); answers the last value. */
export async function waitFor(
  read: () => Promise<number>,
  target: number,
  timeoutMs = 120_000,
): Promise<number> {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (value < target && Date.now() < until) {
    await sleep(100);
    value = await read();
  }
  return value;
}
