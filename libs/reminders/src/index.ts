import type { Projection } from '@ce/projections';

export * from './reminders.module';

/** Read-model entities, TypeORM migrations and projections of this library (registered by the app). */
export const REMINDERS_ENTITIES: (new () => object)[] = [];
export const REMINDERS_MIGRATIONS: (new () => object)[] = [];
export const REMINDERS_PROJECTIONS: Projection[] = [];
