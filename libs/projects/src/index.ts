import type { Projection } from '@ce/projections';

export * from './projects.module';

/** Read-model entities, TypeORM migrations and projections of this library (registered by the app). */
export const PROJECTS_ENTITIES: (new () => object)[] = [];
export const PROJECTS_MIGRATIONS: (new () => object)[] = [];
export const PROJECTS_PROJECTIONS: Projection[] = [];
