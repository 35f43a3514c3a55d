import type { Projection } from '@ce/projections';
import { Statistics1700000008100 } from './migrations/1700000008100-statistics';
import { StatisticsFieldTotalRow, StatisticsReportRow } from './read-model/statistics.entities';
import { statisticsProjection } from './read-model/statistics.projection';

// Named exports only: the forms library re-exports every part with `export *`, so names stay specific.
export {
  FORM_LABELS as STATISTICS_FORM_LABELS,
  KNOWLEDGE_UPDATE_FIELDS,
  MAJOR_STRATEGY_GROUPS,
  STATISTICS_FORMS,
  type StatisticsForm,
  formFields as statisticsFormFields,
  formTitle as statisticsFormTitle,
  isStatisticsForm,
} from './domain/forms';
export {
  type KnowledgeUpdateRow,
  type MajorStrategyRow,
  type ReportContent as StatisticsReportContent,
  validateReport as validateStatisticsReport,
} from './domain/report.rules';
export * from './statistics.module';
export {
  type StatisticsReportEvent,
  type StatisticsReportRecord,
  type StatisticsReportState,
  reportStatus as statisticsReportStatus,
  statisticsReportDecider,
  statisticsReportStream,
} from './statistics-report/statistics-report.decider';
export {
  type SlotEvent as StatisticsSlotEvent,
  statisticsSlot,
} from './statistics-report/statistics-slot.decider';
export { StatisticsReportsService, statisticsSlotStream } from './statistics-reports.service';
export { StatisticsAggregationService, type StatisticsSum } from './statistics-aggregation.service';
export { StatisticsFieldTotalRow, StatisticsReportRow } from './read-model/statistics.entities';
export { statisticsProjection } from './read-model/statistics.projection';
export { statisticsFileName, writeStatisticsWorkbook } from './workbook/statistics-workbook';
export { Statistics1700000008100 } from './migrations/1700000008100-statistics';

/** Read-model entities, TypeORM migrations and projections of this part (registered by the app). */
export const STATISTICS_ENTITIES: (new () => object)[] = [StatisticsReportRow, StatisticsFieldTotalRow];
export const STATISTICS_MIGRATIONS: (new () => object)[] = [Statistics1700000008100];
export const STATISTICS_PROJECTIONS: Projection[] = [statisticsProjection];
