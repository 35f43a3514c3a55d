import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per stream: what it is, how long, and what last happened to it (auditors' index). */
@Entity({ name: 'rm_stream_index' })
@Index('rm_stream_index_category', ['category', 'lastRecordedAt'])
export class StreamIndexRow {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  /** The stream name up to its first '-': `hour-claim-…` → `hour`. */
  @Column({ type: 'text' })
  category!: string;

  @Column({ type: 'bigint' })
  revision!: string;

  @Column({ name: 'event_count', type: 'bigint' })
  eventCount!: string;

  @Column({ name: 'last_event_type', type: 'text' })
  lastEventType!: string;

  @Column({ name: 'last_position', type: 'text' })
  lastPosition!: string;

  @Column({ name: 'last_recorded_at', type: 'timestamptz' })
  lastRecordedAt!: Date;
}
