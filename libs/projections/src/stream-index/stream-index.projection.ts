import type { RecordedEvent } from '@ce/event-store';
import type { EntityManager } from 'typeorm';
import type { Projection } from '../projection';

/** Known stream kinds, longest first, so `hour-claim-<id>` is filed under `hour-claim`. */
const CATEGORIES = [
  'completion-certificate',
  'base-year-report',
  'person-idnumber',
  'statistics-report',
  'statistics-slot',
  'plan-slot',
  'training-project',
  'training-plan',
  'hour-claim',
  'base-year',
  'audit-access',
  'certificate',
  'calendar',
  'policy',
  'person',
  'user',
  'org',
];

export function streamCategory(streamId: string): string {
  return CATEGORIES.find((c) => streamId.startsWith(`${c}-`)) ?? streamId.split('-')[0] ?? streamId;
}

/** The index of every stream in the store: the auditor's table of contents. */
export const streamIndexProjection: Projection = {
  name: 'stream-index',
  tables: ['rm_stream_index'],
  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    // Fold the batch per stream first: one upsert per stream instead of one per event.
    const latest = new Map<string, { event: RecordedEvent; count: number }>();
    for (const event of events) {
      const seen = latest.get(event.streamId);
      latest.set(event.streamId, { event, count: (seen?.count ?? 0) + 1 });
    }
    if (latest.size === 0) return;
    const rows = [...latest.values()];
    await manager.query(
      `INSERT INTO rm_stream_index AS r (stream_id, category, revision, event_count, last_event_type, last_position, last_recorded_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::timestamptz[])
       ON CONFLICT (stream_id) DO UPDATE SET
         revision = EXCLUDED.revision,
         event_count = r.event_count + EXCLUDED.event_count,
         last_event_type = EXCLUDED.last_event_type,
         last_position = EXCLUDED.last_position,
         last_recorded_at = EXCLUDED.last_recorded_at`,
      [
        rows.map((r) => r.event.streamId),
        rows.map((r) => streamCategory(r.event.streamId)),
        rows.map((r) => r.event.revision.toString()),
        rows.map((r) => r.count),
        rows.map((r) => r.event.type),
        rows.map((r) => r.event.position),
        rows.map((r) => r.event.recordedAt.toISOString()),
      ],
    );
  },
};
