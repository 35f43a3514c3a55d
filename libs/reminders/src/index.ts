import type { Projection } from '@ce/projections';
import { Reminders1700000007000 } from './migrations/1700000007000-reminders';
import { urgeNoticesProjection } from './urge-notices.projection';

export * from './calendar';
export * from './calendar.service';
export * from './obligations.service';
export * from './reminders.service';
export * from './reminders.module';
export * from './urge-notices.projection';
export * from './webhooks';
export { Reminders1700000007000 };

/** Read-model entities, TypeORM migrations and projections of this library (registered by the app). */
export const REMINDERS_ENTITIES: (new () => object)[] = [];
export const REMINDERS_MIGRATIONS: (new () => object)[] = [Reminders1700000007000];
export const REMINDERS_PROJECTIONS: Projection[] = [urgeNoticesProjection];
export { mountBullBoard, QUEUES_PATH } from './http/bull-board';
