import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Every submitted training project with its review status (for lists and the catalogue's source). */
@Entity({ name: 'rm_training_projects' })
export class TrainingProjectRow {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'int' }) year!: number;
  @Column({ name: 'organizer_org_id', type: 'uuid' }) organizerOrgId!: string;
  @Column({ name: 'organizer_name', type: 'text' }) organizerName!: string;
  @Column({ name: 'district_id', type: 'uuid', nullable: true }) districtId!: string | null;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'numeric', precision: 7, scale: 1 }) hours!: string;
  @Column({ name: 'start_date', type: 'date' }) startDate!: string;
  @Column({ name: 'end_date', type: 'date' }) endDate!: string;
  @Column({ type: 'text' }) place!: string;
  @Column({ type: 'text' }) audience!: string;
  @Column({ type: 'text' }) contact!: string;
  @Column({ name: 'city_wide', type: 'boolean' }) cityWide!: boolean;
  @Column({ type: 'text' }) source!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'submitted_by', type: 'uuid', nullable: true }) submittedBy!: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** The published catalogue (附件1): approved projects only, with who approved them last and when. */
@Entity({ name: 'rm_catalogue' })
export class CatalogueRow {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'int' }) year!: number;
  @Column({ name: 'organizer_org_id', type: 'uuid' }) organizerOrgId!: string;
  @Column({ name: 'organizer_name', type: 'text' }) organizerName!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'numeric', precision: 7, scale: 1 }) hours!: string;
  @Column({ name: 'start_date', type: 'date' }) startDate!: string;
  @Column({ name: 'end_date', type: 'date' }) endDate!: string;
  @Column({ type: 'text' }) place!: string;
  @Column({ type: 'text' }) audience!: string;
  @Column({ type: 'text' }) contact!: string;
  @Column({ name: 'city_wide', type: 'boolean' }) cityWide!: boolean;
  @Column({ name: 'approved_by', type: 'uuid', nullable: true }) approvedBy!: string | null;
  @Column({ name: 'approved_at', type: 'timestamptz' }) approvedAt!: Date;
  @Column({ name: 'district_id', type: 'uuid', nullable: true }) districtId!: string | null;
}
