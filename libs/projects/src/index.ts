import type { Projection } from '@ce/projections';
import { Projects1700000005500 } from './migrations/1700000005500-projects';
import { catalogueProjection } from './read-model/catalogue.projection';
import { CatalogueRow, TrainingProjectRow } from './read-model/projects.entities';

export * from './domain';
export * from './projects.module';
export * from './training-project/training-project.decider';
export * from './training-projects.service';
export * from './training-project-import.service';
export * from './read-model/projects.entities';
export * from './read-model/catalogue.projection';
export * from './workbook/catalogue-row';
export * from './workbook/catalogue-workbook';
export { Projects1700000005500 } from './migrations/1700000005500-projects';

/** Read-model entities, TypeORM migrations and projections of this library (registered by the app). */
export const PROJECTS_ENTITIES: (new () => object)[] = [TrainingProjectRow, CatalogueRow];
export const PROJECTS_MIGRATIONS: (new () => object)[] = [Projects1700000005500];
export const PROJECTS_PROJECTIONS: Projection[] = [catalogueProjection];
