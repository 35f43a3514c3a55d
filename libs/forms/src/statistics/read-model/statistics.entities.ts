import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Every submitted statistics report (附件3, 附件4) with its review status. */
@Entity({ name: 'rm_statistics_reports' })
export class StatisticsReportRow {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'int' }) year!: number;
  @Column({ name: 'org_id', type: 'uuid' }) orgId!: string;
  @Column({ name: 'org_name', type: 'text' }) orgName!: string;
  @Column({ name: 'district_id', type: 'uuid', nullable: true }) districtId!: string | null;
  @Column({ type: 'text' }) form!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'funding_wan', type: 'numeric', precision: 14, scale: 2 }) fundingWan!: string;
  @Column({ type: 'jsonb' }) rows!: unknown;
  @Column({ name: 'submitted_by', type: 'uuid', nullable: true }) submittedBy!: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** Approved reports' numbers, one row per field (counts in the form's column order). */
@Entity({ name: 'rm_statistics_field_totals' })
export class StatisticsFieldTotalRow {
  @PrimaryColumn({ name: 'report_id', type: 'uuid' }) reportId!: string;
  @PrimaryColumn({ type: 'text' }) field!: string;
  @Column({ type: 'int' }) year!: number;
  @Column({ type: 'text' }) form!: string;
  @Column({ name: 'org_id', type: 'uuid' }) orgId!: string;
  @Column({ name: 'district_id', type: 'uuid', nullable: true }) districtId!: string | null;
  @Column({ type: 'int' }) position!: number;
  @Column({ name: 'grp', type: 'text', nullable: true }) group!: string | null;
  @Column({ name: 'this_1', type: 'int' }) this1!: number;
  @Column({ name: 'this_2', type: 'int' }) this2!: number;
  @Column({ name: 'this_3', type: 'int' }) this3!: number;
  @Column({ name: 'next_1', type: 'int' }) next1!: number;
  @Column({ name: 'next_2', type: 'int' }) next2!: number;
  @Column({ name: 'next_3', type: 'int' }) next3!: number;
}
