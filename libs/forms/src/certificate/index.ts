import type { Projection } from '@ce/projections';

export * from './certificate.module';

/** Read-model entities, TypeORM migrations and projections of this part (registered by the app). */
export const CERTIFICATES_ENTITIES: (new () => object)[] = [];
export const CERTIFICATES_MIGRATIONS: (new () => object)[] = [];
export const CERTIFICATES_PROJECTIONS: Projection[] = [];
