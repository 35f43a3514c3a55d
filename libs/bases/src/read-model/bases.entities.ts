import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'rm_base_years' })
export class BaseYearRow {
  @PrimaryColumn({ name: 'base_id', type: 'uuid' }) baseId!: string;
  @PrimaryColumn({ type: 'int' }) year!: number;
  @Column({ name: 'base_name', type: 'text' }) baseName!: string;
  @Column({ name: 'base_type', type: 'text' }) baseType!: string;
  @Column({ type: 'int' }) trainees!: number;
  @Column({ type: 'int' }) registrations!: number;
  @Column({ name: 'research_projects', type: 'int' }) researchProjects!: number;
  @Column({ name: 'last_registered_at', type: 'timestamptz', nullable: true }) lastRegisteredAt!: Date | null;
  @Column({ name: 'assessed_result', type: 'text', nullable: true }) assessedResult!: string | null;
  @Column({ type: 'jsonb', nullable: true }) assessment!: unknown;
}

@Entity({ name: 'rm_base_trainees' })
export class BaseTraineeRow {
  @PrimaryColumn({ name: 'base_id', type: 'uuid' }) baseId!: string;
  @PrimaryColumn({ type: 'int' }) year!: number;
  @PrimaryColumn({ name: 'id_number_hash', type: 'text' }) idNumberHash!: string;
}

@Entity({ name: 'pm_base_claims' })
export class BaseClaimProcessRow {
  @PrimaryColumn({ name: 'registration_key', type: 'text' }) registrationKey!: string;
  @Column({ name: 'stream_id', type: 'text' }) streamId!: string;
  @Column({ name: 'person_id', type: 'uuid', nullable: true }) personId!: string | null;
  @Column({ name: 'claim_id', type: 'uuid', nullable: true }) claimId!: string | null;
  @Column({ type: 'text' }) outcome!: string;
  @Column({ name: 'registered_at', type: 'timestamptz' }) registeredAt!: Date;
}
