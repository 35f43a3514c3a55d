import type { Projection } from '@ce/projections';

export * from './record.module';
export { YearRecordService } from './year-record.service';
export { writeYearRecordWorkbook } from './year-record-workbook';
export type { AchievementRow, RecordRow, SelfStudyRow, YearRecord } from './year-record';

/** Read-model entities, TypeORM migrations and projections of this part (registered by the app). */
export const YEAR_RECORD_ENTITIES: (new () => object)[] = [];
export const YEAR_RECORD_MIGRATIONS: (new () => object)[] = [];
export const YEAR_RECORD_PROJECTIONS: Projection[] = [];
