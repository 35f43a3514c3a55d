import { ConflictError, type Decider } from '@ce/kernel';
import type { StatisticsForm } from '../domain/forms';

/**
 * One organisation reports each form once a year: the slot (organisation, year, form) names the
 * report that holds it. A new report may take the slot only when the holder no longer counts
 * (withdrawn, rejected, or never written); the slot stream's revision makes two concurrent
 * submissions race for it, and only one wins.
 */
export interface SlotKey {
  readonly orgId: string;
  readonly year: number;
  readonly form: StatisticsForm;
}

export type SlotEvent = {
  type: 'statistics-slot.claimed.v1';
  data: SlotKey & { reportId: string; previousReportId: string | null };
};

export interface SlotState {
  readonly holder: string | null;
}

export type SlotCommand = {
  type: 'claim';
  key: SlotKey;
  reportId: string;
  /** Whether the current holder still counts (in review, returned or approved); read by the caller. */
  holderActive: boolean;
};

export const statisticsSlot: Decider<SlotCommand, SlotEvent, SlotState> = {
  initialState: () => ({ holder: null }),
  decide(command, state) {
    if (state.holder === command.reportId) return [];
    if (state.holder !== null && command.holderActive) {
      throw new ConflictError(
        'STATISTICS.ALREADY_SUBMITTED',
        `本单位${command.key.year}年度的该统计表已报送（审核中、已退回或已通过），不能重复报送；被退回的请修改后重新提交`,
        { reportId: state.holder },
      );
    }
    return [
      {
        type: 'statistics-slot.claimed.v1',
        data: { ...command.key, reportId: command.reportId, previousReportId: state.holder },
      },
    ];
  },
  evolve(_state, event) {
    return { holder: event.data.reportId };
  },
};
