import { ConflictError } from '@ce/kernel';
import { type SlotEvent, reportingSlot } from '../../shared/domain/reporting-slot';

/** One training plan per organisation and year: a returned plan is corrected and resubmitted, not filed again. */
export type TrainingPlanSlotEvent = SlotEvent<'training-plan-slot.claimed.v1'>;

export const trainingPlanSlot = reportingSlot(
  'training-plan-slot.claimed.v1',
  (key, holder) =>
    new ConflictError(
      'TRAINING_PLAN.ALREADY_SUBMITTED',
      `本单位${key.year}年度的培训方案已报送（审核中、已退回或已通过），不能重复报送；被退回的请修改后重新提交`,
      { planId: holder },
    ),
);
