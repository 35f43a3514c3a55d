import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Every submitted annual training plan (培训方案) with its review status and current file. */
@Entity({ name: 'rm_training_plans' })
export class TrainingPlanRow {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'int' }) year!: number;
  @Column({ name: 'org_id', type: 'uuid' }) orgId!: string;
  @Column({ name: 'org_name', type: 'text' }) orgName!: string;
  @Column({ name: 'district_id', type: 'uuid', nullable: true }) districtId!: string | null;
  @Column({ name: 'file_name', type: 'text' }) fileName!: string;
  @Column({ type: 'text' }) sha256!: string;
  @Column({ type: 'int' }) size!: number;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'submitted_by', type: 'uuid', nullable: true }) submittedBy!: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
