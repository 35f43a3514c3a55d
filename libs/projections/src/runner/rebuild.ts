import { comparePositions, type EventStore, type RecordedEvent } from '@ce/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import type { Projection } from '../projection';
import { applyPage, readCheckpoint } from './projection-runner';

export interface TableDifference {
  readonly table: string;
  readonly onlyInLive: number;
  readonly onlyInRebuild: number;
  /** A few differing rows of each side, for the report. */
  readonly samples: { side: 'live' | 'rebuild'; row: Record<string, unknown> }[];
}

export interface RebuildReport {
  readonly projection: string;
  readonly position: string | null;
  readonly eventsApplied: number;
  readonly differences?: TableDifference[];
  readonly switched: boolean;
  readonly ms: number;
}

export interface RebuildOptions {
  /** Compare the rebuilt tables with the live ones row by row, at the same position. */
  readonly compare?: boolean;
  /** Replace the live tables with the rebuilt ones. */
  readonly switchOver?: boolean;
  readonly batchSize?: number;
  readonly onProgress?: (eventsApplied: number, position: string | null) => void;
}

const ident = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe SQL identifier: ${name}`);
  return name;
};

/**
 * Blue/green rebuild: replay `$all` from the start into fresh copies of the projection's tables in
 * a schema of their own while the live tables keep serving, then (optionally) compare the two at
 * the same position and switch. The switch moves the tables between schemas in one transaction,
 * so readers see either the old tables or the new ones, never a half-built state.
 */
export async function rebuildProjection(
  dataSource: DataSource,
  store: EventStore,
  projection: Projection,
  options: RebuildOptions = {},
): Promise<RebuildReport> {
  const started = performance.now();
  const name = projection.name;
  const schema = ident(`rb_${name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`);
  const retired = ident(`${schema}_retired`);
  const rebuildName = `${name}#rebuild`;
  const tables = projection.tables.map(ident);
  const batchSize = options.batchSize ?? 2000;
  const filter = projection.eventTypes ? { eventTypes: projection.eventTypes } : undefined;

  await dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await dataSource.query(`CREATE SCHEMA ${schema}`);
  for (const table of tables) {
    await dataSource.query(`CREATE TABLE ${schema}.${table} (LIKE public.${table} INCLUDING ALL)`);
  }
  await dataSource.query(`DELETE FROM projection_checkpoints WHERE name = $1`, [rebuildName]);
  let position = await readCheckpoint(dataSource, rebuildName);
  let eventsApplied = 0;

  /**
   * Replays one page after `position`, up to the live checkpoint `limit` (inclusive; '' = the start).
   * Answers whether there is nothing more to do.
   */
  const applyOnePage = async (manager: EntityManager, limit: string): Promise<boolean> => {
    const page = await store.readAll({ after: position, maxCount: batchSize, ...(filter ? { filter } : {}) });
    let events: RecordedEvent[] = page.events;
    let reached = page.position;
    if (comparePositions(reached, limit) > 0) {
      events = events.filter((e) => comparePositions(e.position, limit) <= 0);
      reached = limit;
    }
    if (comparePositions(reached, position) <= 0) return true;
    await manager.query(`SET LOCAL search_path TO ${schema}, public`);
    await applyPage(manager, projection, rebuildName, position, { events, position: reached });
    await manager.query(`SET LOCAL search_path TO public`);
    position = reached;
    eventsApplied += events.length;
    options.onProgress?.(eventsApplied, position);
    return page.endOfAll || reached === limit;
  };

  // Catch up while the live projection keeps serving, one short transaction per page (a long one
  // would hold back every $all reader), never passing the live checkpoint.
  for (;;) {
    const live = await readCheckpoint(dataSource, name);
    const before = position;
    let done = false;
    while (!done) done = await dataSource.transaction((manager) => applyOnePage(manager, live ?? ''));
    if (position === before) break;
  }

  let differences: TableDifference[] | undefined;
  let switched = false;
  if (options.compare || options.switchOver) {
    await dataSource.transaction(async (manager) => {
      // Tables first, then the checkpoint row, in the same order the live runner never inverts:
      // it writes tables, then the checkpoint.
      const mode = options.switchOver ? 'ACCESS EXCLUSIVE' : 'SHARE';
      for (const table of tables) await manager.query(`LOCK TABLE public.${table} IN ${mode} MODE`);
      const rows: { position: string | null }[] = await manager.query(
        `SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE`,
        [name],
      );
      const live = rows[0]?.position ?? null;
      let done = false;
      while (!done) done = await applyOnePage(manager, live ?? '');
      if (options.compare) differences = await compareTables(manager, schema, tables);
      if (options.switchOver) {
        await manager.query(`DROP SCHEMA IF EXISTS ${retired} CASCADE`);
        await manager.query(`CREATE SCHEMA ${retired}`);
        for (const table of tables) {
          await manager.query(`ALTER TABLE public.${table} SET SCHEMA ${retired}`);
          await manager.query(`ALTER TABLE ${schema}.${table} SET SCHEMA public`);
          await renameIndexesLike(manager, retired, table);
        }
        await manager.query(
          `UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1`,
          [name, position],
        );
        switched = true;
      }
    });
  }
  await dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await dataSource.query(`DROP SCHEMA IF EXISTS ${retired} CASCADE`);
  await dataSource.query(`DELETE FROM projection_checkpoints WHERE name = $1`, [rebuildName]);
  return {
    projection: name,
    position,
    eventsApplied,
    ...(differences ? { differences } : {}),
    switched,
    ms: Math.round(performance.now() - started),
  };
}

async function compareTables(
  manager: EntityManager,
  schema: string,
  tables: string[],
): Promise<TableDifference[]> {
  const result: TableDifference[] = [];
  for (const table of tables) {
    const count = async (a: string, b: string): Promise<number> => {
      const rows: { n: number }[] = await manager.query(
        `SELECT count(*)::int AS n FROM (SELECT * FROM ${a}.${table} EXCEPT ALL SELECT * FROM ${b}.${table}) d`,
      );
      return rows[0]?.n ?? 0;
    };
    const sample = async (a: string, b: string): Promise<Record<string, unknown>[]> =>
      manager.query(
        `SELECT * FROM (SELECT * FROM ${a}.${table} EXCEPT ALL SELECT * FROM ${b}.${table}) d LIMIT 3`,
      );
    const onlyInLive = await count('public', schema);
    const onlyInRebuild = await count(schema, 'public');
    const samples = [
      ...(onlyInLive ? await sample('public', schema) : []).map((row) => ({ side: 'live' as const, row })),
      ...(onlyInRebuild ? await sample(schema, 'public') : []).map((row) => ({
        side: 'rebuild' as const,
        row,
      })),
    ];
    result.push({ table, onlyInLive, onlyInRebuild, samples });
  }
  return result;
}

/**
 * `LIKE … INCLUDING ALL` gives the copy's indexes generated names; give them the names the
 * retired table's indexes had, so later migrations that name an index still find it.
 */
async function renameIndexesLike(manager: EntityManager, retired: string, table: string): Promise<void> {
  const indexes = (schemaName: string): Promise<{ name: string; def: string }[]> =>
    manager.query(
      `SELECT i.relname AS name,
              regexp_replace(pg_get_indexdef(i.oid), '^CREATE (UNIQUE )?INDEX \\S+ ON \\S+', 'CREATE \\1INDEX ON t') AS def
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = $1 AND t.relname = $2`,
      [schemaName, table],
    );
  const old = await indexes(retired);
  const fresh = await indexes('public');
  for (const index of fresh) {
    const match = old.find((o) => o.def === index.def);
    if (match && match.name !== index.name) {
      await manager.query(`ALTER INDEX ${retired}."${match.name}" RENAME TO "${match.name}__retired"`);
      await manager.query(`ALTER INDEX public."${index.name}" RENAME TO "${match.name}"`);
    }
  }
}
