import { ConflictError } from '@ce/kernel';
import { type SlotEvent as ReportingSlotEvent, reportingSlot } from '../../shared/domain/reporting-slot';

export type { SlotKey, SlotState } from '../../shared/domain/reporting-slot';

/** One report per organisation, year and form (附件3, 附件4). */
export type SlotEvent = ReportingSlotEvent<'statistics-slot.claimed.v1'>;

export const statisticsSlot = reportingSlot(
  'statistics-slot.claimed.v1',
  (key, holder) =>
    new ConflictError(
      'STATISTICS.ALREADY_SUBMITTED',
      `本单位${key.year}年度的该统计表已报送（审核中、已退回或已通过），不能重复报送；被退回的请修改后重新提交`,
      { reportId: holder },
    ),
);
