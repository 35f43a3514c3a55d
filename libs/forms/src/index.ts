import type { Projection } from '@ce/projections';
import { CERTIFICATES_ENTITIES, CERTIFICATES_MIGRATIONS, CERTIFICATES_PROJECTIONS } from './certificate';
import { YEAR_RECORD_ENTITIES, YEAR_RECORD_MIGRATIONS, YEAR_RECORD_PROJECTIONS } from './record';
import { STATISTICS_ENTITIES, STATISTICS_MIGRATIONS, STATISTICS_PROJECTIONS } from './statistics';
import {
  TRAINING_PLANS_ENTITIES,
  TRAINING_PLANS_MIGRATIONS,
  TRAINING_PLANS_PROJECTIONS,
} from './training-plan';

export * from './forms.module';
export * from './certificate';
export * from './record';
export * from './statistics';
export * from './training-plan';

/** Read-model entities, TypeORM migrations and projections of this library (registered by the app). */
export const FORMS_ENTITIES: (new () => object)[] = [
  ...TRAINING_PLANS_ENTITIES,
  ...STATISTICS_ENTITIES,
  ...YEAR_RECORD_ENTITIES,
  ...CERTIFICATES_ENTITIES,
];
export const FORMS_MIGRATIONS: (new () => object)[] = [
  ...TRAINING_PLANS_MIGRATIONS,
  ...STATISTICS_MIGRATIONS,
  ...YEAR_RECORD_MIGRATIONS,
  ...CERTIFICATES_MIGRATIONS,
];
export const FORMS_PROJECTIONS: Projection[] = [
  ...TRAINING_PLANS_PROJECTIONS,
  ...STATISTICS_PROJECTIONS,
  ...YEAR_RECORD_PROJECTIONS,
  ...CERTIFICATES_PROJECTIONS,
];
