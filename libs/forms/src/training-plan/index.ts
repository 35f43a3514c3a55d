import type { Projection } from '@ce/projections';

export * from './training-plan.module';

/** Read-model entities, TypeORM migrations and projections of this part (registered by the app). */
export const TRAINING_PLANS_ENTITIES: (new () => object)[] = [];
export const TRAINING_PLANS_MIGRATIONS: (new () => object)[] = [];
export const TRAINING_PLANS_PROJECTIONS: Projection[] = [];
