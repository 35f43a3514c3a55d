import type { Projection } from '@ce/projections';

export * from './bases.module';

/** Read-model entities, TypeORM migrations and projections of this library (registered by the app). */
export const BASES_ENTITIES: (new () => object)[] = [];
export const BASES_MIGRATIONS: (new () => object)[] = [];
export const BASES_PROJECTIONS: Projection[] = [];
