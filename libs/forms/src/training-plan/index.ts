import type { Projection } from '@ce/projections';
import { TrainingPlans1700000008000 } from './migrations/1700000008000-training-plans';
import { TrainingPlanRow } from './read-model/training-plans.entities';
import { trainingPlansProjection } from './read-model/training-plans.projection';

export * from './training-plan.module';
export * from './domain/training-plan.decider';
export * from './domain/training-plan.rules';
export * from './domain/training-plan-slot';
export * from './content-store';
export * from './training-plans.service';
export * from './read-model/training-plans.entities';
export * from './read-model/training-plans.projection';
export { TrainingPlans1700000008000 };

/** Read-model entities, TypeORM migrations and projections of this part (registered by the app). */
export const TRAINING_PLANS_ENTITIES: (new () => object)[] = [TrainingPlanRow];
export const TRAINING_PLANS_MIGRATIONS: (new () => object)[] = [TrainingPlans1700000008000];
export const TRAINING_PLANS_PROJECTIONS: Projection[] = [trainingPlansProjection];
