import type { Projection } from '@ce/projections';

export * from './record.module';

/** Read-model entities, TypeORM migrations and projections of this part (registered by the app). */
export const YEAR_RECORD_ENTITIES: (new () => object)[] = [];
export const YEAR_RECORD_MIGRATIONS: (new () => object)[] = [];
export const YEAR_RECORD_PROJECTIONS: Projection[] = [];
