import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'rm_hour_claims' })
export class HourClaimRow {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'person_id', type: 'uuid' }) personId!: string;
  @Column({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @Column({ name: 'applicant_name', type: 'text' }) applicantName!: string;
  @Column({ type: 'int' }) year!: number;
  @Column({ type: 'text' }) subject!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'numeric', precision: 7, scale: 1 }) hours!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'make_up', type: 'boolean' }) makeUp!: boolean;
  @Column({ name: 'certificate_no', type: 'text', nullable: true }) certificateNo!: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ name: 'rm_ledger_entries' })
export class LedgerEntryRow {
  @PrimaryColumn({ name: 'claim_id', type: 'uuid' }) claimId!: string;
  @Column({ name: 'person_id', type: 'uuid' }) personId!: string;
  @Column({ type: 'int' }) year!: number;
  @Column({ type: 'text' }) subject!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'numeric', precision: 7, scale: 1 }) hours!: string;
  @Column({ name: 'make_up', type: 'boolean' }) makeUp!: boolean;
  @Column({ name: 'approved_at', type: 'timestamptz' }) approvedAt!: Date;
}
