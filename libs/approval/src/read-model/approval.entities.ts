import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'rm_flows' })
export class FlowRow {
  @PrimaryColumn({ name: 'stream_id', type: 'text' }) streamId!: string;
  @Column({ name: 'subject_type', type: 'text' }) subjectType!: string;
  @Column({ name: 'subject_id', type: 'text' }) subjectId!: string;
  @Column({ type: 'jsonb' }) steps!: unknown;
  @Column({ type: 'jsonb', nullable: true }) summary!: unknown;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'policy_version', type: 'text' }) policyVersion!: string;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ name: 'rm_tasks' })
export class TaskRow {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ name: 'stream_id', type: 'text' }) streamId!: string;
  @Column({ name: 'subject_type', type: 'text' }) subjectType!: string;
  @Column({ name: 'subject_id', type: 'text' }) subjectId!: string;
  @Column({ type: 'text' }) level!: string;
  @Column({ name: 'org_id', type: 'uuid' }) orgId!: string;
  @Column({ name: 'district_id', type: 'uuid', nullable: true }) districtId!: string | null;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'claimed_by', type: 'text', nullable: true }) claimedBy!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt!: Date;
  @Column({ type: 'int', nullable: true }) year!: number | null;
  @Column({ name: 'applicant_name', type: 'text', nullable: true }) applicantName!: string | null;
  @Column({ name: 'person_id', type: 'uuid', nullable: true }) personId!: string | null;
  @Column({ type: 'numeric', precision: 7, scale: 1, nullable: true }) hours!: string | null;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'urged_count', type: 'int', default: 0 }) urgedCount!: number;
  @Column({ name: 'last_urged_at', type: 'timestamptz', nullable: true }) lastUrgedAt!: Date | null;
}

@Entity({ name: 'rm_task_counts' })
export class TaskCountRow {
  @PrimaryColumn({ name: 'org_id', type: 'uuid' }) orgId!: string;
  @PrimaryColumn({ type: 'text' }) level!: string;
  @PrimaryColumn({ name: 'subject_type', type: 'text' }) subjectType!: string;
  @PrimaryColumn({ type: 'int' }) year!: number;
  @PrimaryColumn({ type: 'text' }) status!: string;
  @Column({ type: 'int' }) n!: number;
}
