import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per certificate code: what the public verification page shows. */
@Entity({ name: 'rm_certificates' })
export class CertificateRow {
  @PrimaryColumn({ type: 'text' }) code!: string;
  @Column({ name: 'stream_id', type: 'text' }) streamId!: string;
  @Column({ name: 'person_id', type: 'uuid' }) personId!: string;
  @Column({ type: 'int' }) year!: number;
  @Column({ type: 'text' }) status!: 'valid' | 'revoked';
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @Column({ name: 'unit_name', type: 'text' }) unitName!: string;
  @Column({ name: 'issuer_name', type: 'text' }) issuerName!: string;
  @Column({ name: 'public_hours', type: 'numeric', precision: 7, scale: 1 }) publicHours!: string;
  @Column({ name: 'professional_hours', type: 'numeric', precision: 7, scale: 1 }) professionalHours!: string;
  @Column({ name: 'total_hours', type: 'numeric', precision: 7, scale: 1 }) totalHours!: string;
  @Column({ name: 'issued_at', type: 'timestamptz' }) issuedAt!: Date;
  @Column({ name: 'issued_by', type: 'text' }) issuedBy!: string;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  @Column({ name: 'revoked_reason', type: 'text', nullable: true }) revokedReason!: string | null;
  @Column({ name: 'revoked_by_claim_id', type: 'uuid', nullable: true }) revokedByClaimId!: string | null;
  @Column({ type: 'text' }) position!: string;
}

/** The revocation process manager's memory: every claim revocation it has handled, and how. */
@Entity({ name: 'pm_certificate_revocations' })
export class CertificateRevocationProcessRow {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' }) eventId!: string;
  @Column({ name: 'claim_id', type: 'uuid' }) claimId!: string;
  @Column({ name: 'person_id', type: 'uuid', nullable: true }) personId!: string | null;
  @Column({ type: 'int', nullable: true }) year!: number | null;
  @Column({ name: 'certificate_code', type: 'text', nullable: true }) certificateCode!: string | null;
  @Column({ type: 'text' }) outcome!: string;
  @Column({ type: 'text' }) position!: string;
}
