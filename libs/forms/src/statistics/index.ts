import type { Projection } from '@ce/projections';

export * from './statistics.module';

/** Read-model entities, TypeORM migrations and projections of this part (registered by the app). */
export const STATISTICS_ENTITIES: (new () => object)[] = [];
export const STATISTICS_MIGRATIONS: (new () => object)[] = [];
export const STATISTICS_PROJECTIONS: Projection[] = [];
