import type { Projection } from '@ce/projections';
import { Certificates1700000008200 } from './migrations/1700000008200-certificates';
import { certificateRevocationProcess } from './process/certificate-revocation.process';
import { CertificateRevocationProcessRow, CertificateRow } from './read-model/certificates.entities';
import { certificatesProjection } from './read-model/certificates.projection';

export * from './certificate.module';
export { chineseFont } from './certificate.pdf';
export * from './certificates.service';
export * from './domain/certificate.decider';
export * from './domain/certificate-code';
export * from './domain/mask-name';
export * from './process/certificate-revocation.process';
export * from './read-model/certificates.entities';
export * from './read-model/certificates.projection';
export { publicBaseUrl, verifyUrl } from './http/certificates.controller';
export { Certificates1700000008200 };

/** Read-model entities, TypeORM migrations and projections of this part (registered by the app). */
export const CERTIFICATES_ENTITIES: (new () => object)[] = [CertificateRow, CertificateRevocationProcessRow];
export const CERTIFICATES_MIGRATIONS: (new () => object)[] = [Certificates1700000008200];
export const CERTIFICATES_PROJECTIONS: Projection[] = [certificatesProjection, certificateRevocationProcess];
