import type { RecordedEvent } from '@ce/event-store';
import { idNumberHash } from '@ce/identity';
import { toDomainEvent } from '@ce/kernel';
import type { Projection } from '@ce/projections';
import type { EntityManager } from 'typeorm';
import { BASE_YEAR_EVENT_TYPES, type BaseYearEvent } from '../base-year/base-year.decider';

const STREAM = /^base-year-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-(\d{4})$/i;

/** `base-year-<baseId>-<year>` → its base and year (null for other streams, e.g. year reports). */
export function parseBaseYearStream(streamId: string): { baseId: string; year: number } | null {
  const match = STREAM.exec(streamId);
  if (!match?.[1] || !match[2]) return null;
  return { baseId: match[1], year: Number(match[2]) };
}

interface Pending {
  readonly baseId: string;
  readonly year: number;
  readonly hashes: string[];
  registrations: number;
  projects: number;
  lastRegisteredAt: string | null;
}

/** The domain time of an event (the command's clock), else when it was stored. */
const eventTime = (event: RecordedEvent): string =>
  typeof event.metadata.now === 'string' ? event.metadata.now : event.recordedAt.toISOString();

/**
 * Counts per base and year: distinct trainees (through `rm_base_trainees`, one row per person), all
 * registrations, research projects, the last registration, and the assessment once made. A batch of
 * registrations costs one statement per base year, not one per event.
 */
export const baseYearsProjection: Projection = {
  name: 'base-years',
  tables: ['rm_base_years', 'rm_base_trainees'],
  eventTypes: BASE_YEAR_EVENT_TYPES,
  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const pending = new Map<string, Pending>();
    const pendingFor = (streamId: string, baseId: string, year: number): Pending => {
      let entry = pending.get(streamId);
      if (!entry) {
        entry = { baseId, year, hashes: [], registrations: 0, projects: 0, lastRegisteredAt: null };
        pending.set(streamId, entry);
      }
      return entry;
    };
    for (const recorded of events) {
      const target = parseBaseYearStream(recorded.streamId);
      if (!target) continue;
      const event = toDomainEvent<BaseYearEvent>(recorded);
      switch (event.type) {
        case 'base-year.opened.v1':
          await manager.query(
            `INSERT INTO rm_base_years (base_id, year, base_name, base_type) VALUES ($1, $2, $3, $4)
             ON CONFLICT (base_id, year) DO NOTHING`,
            [target.baseId, target.year, event.data.baseName, event.data.baseType],
          );
          break;
        case 'base-year.trainee-registered.v1': {
          const entry = pendingFor(recorded.streamId, target.baseId, target.year);
          entry.hashes.push(idNumberHash(event.data.idNumber));
          entry.registrations += 1;
          entry.lastRegisteredAt = eventTime(recorded);
          break;
        }
        case 'base-year.research-project-added.v1':
          pendingFor(recorded.streamId, target.baseId, target.year).projects += 1;
          break;
        case 'base-year.assessed.v1': {
          const entry = pending.get(recorded.streamId);
          if (entry) await flush(manager, entry);
          pending.delete(recorded.streamId);
          await manager.query(
            `UPDATE rm_base_years SET assessed_result = $3, assessment = $4 WHERE base_id = $1 AND year = $2`,
            [target.baseId, target.year, event.data.result, JSON.stringify(event.data)],
          );
          break;
        }
        default:
          break; // an event type of a later version: nothing to count here
      }
    }
    for (const entry of pending.values()) await flush(manager, entry);
  },
};

async function flush(manager: EntityManager, entry: Pending): Promise<void> {
  await manager.query(
    `WITH added AS (
       INSERT INTO rm_base_trainees (base_id, year, id_number_hash)
       SELECT $1, $2, h FROM unnest($3::text[]) AS h
       ON CONFLICT DO NOTHING
       RETURNING 1)
     UPDATE rm_base_years
        SET trainees = trainees + (SELECT count(*) FROM added),
            registrations = registrations + $4,
            research_projects = research_projects + $5,
            last_registered_at = CASE WHEN $6::timestamptz IS NULL THEN last_registered_at
                                      ELSE greatest(last_registered_at, $6::timestamptz) END
      WHERE base_id = $1 AND year = $2`,
    [entry.baseId, entry.year, entry.hashes, entry.registrations, entry.projects, entry.lastRegisteredAt],
  );
}
