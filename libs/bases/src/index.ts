import type { Projection } from '@ce/projections';
import { Bases1700000006000 } from './migrations/1700000006000-bases';
import { baseHoursProcess } from './process/base-hours.process';
import { BaseClaimProcessRow, BaseTraineeRow, BaseYearRow } from './read-model/bases.entities';
import { baseYearsProjection } from './read-model/base-years.projection';

export * from './domain';
export * from './bases.module';
export * from './bases-policy.schema';
export * from './base-year/base-year.decider';
export * from './base-year/base-years.service';
export * from './base-year/year-end.scheduler';
export * from './base-year-report/base-year-report.decider';
export * from './base-year-report/base-year-reports.service';
export * from './process/base-hours.process';
export * from './process/base-hours.binding';
export * from './read-model/bases.entities';
export * from './read-model/base-years.projection';
export { Bases1700000006000 };

/** Read-model entities, TypeORM migrations and projections of this library (registered by the app). */
export const BASES_ENTITIES: (new () => object)[] = [BaseYearRow, BaseTraineeRow, BaseClaimProcessRow];
export const BASES_MIGRATIONS: (new () => object)[] = [Bases1700000006000];
export const BASES_PROJECTIONS: Projection[] = [baseYearsProjection, baseHoursProcess];
