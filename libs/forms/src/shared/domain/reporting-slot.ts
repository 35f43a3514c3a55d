import { type ConflictError, type Decider } from '@ce/kernel';

/**
 * One submission per organisation, year and form (a statistics form, or the training plan): the slot
 * names the submission that holds it. A new one may take the slot only when the holder no longer
 * counts (withdrawn, rejected, or never written); the slot stream's revision makes two concurrent
 * submissions race for it, and only one wins.
 */
export interface SlotKey {
  readonly orgId: string;
  readonly year: number;
  readonly form: string;
}

export interface SlotEvent<Type extends string = string> {
  type: Type;
  data: SlotKey & { reportId: string; previousReportId: string | null };
}

export interface SlotState {
  readonly holder: string | null;
}

export interface SlotCommand {
  type: 'claim';
  key: SlotKey;
  /** The submission taking the slot (named `reportId` in the stored events of statistics). */
  reportId: string;
  /** Whether the current holder still counts (in review, returned or approved); read by the caller. */
  holderActive: boolean;
}

/** A slot decider whose claim events are `eventType`; `taken` words the refusal while the holder counts. */
export function reportingSlot<Type extends string>(
  eventType: Type,
  taken: (key: SlotKey, holder: string) => ConflictError,
): Decider<SlotCommand, SlotEvent<Type>, SlotState> {
  return {
    initialState: () => ({ holder: null }),
    decide(command, state) {
      if (state.holder === command.reportId) return [];
      if (state.holder !== null && command.holderActive) throw taken(command.key, state.holder);
      return [
        {
          type: eventType,
          data: { ...command.key, reportId: command.reportId, previousReportId: state.holder },
        },
      ];
    },
    evolve(_state, event) {
      return { holder: event.data.reportId };
    },
  };
}
