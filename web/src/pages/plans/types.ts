import type { Step } from '../../api';

/** Annual training plans (培训方案, a stamped PDF) as the API answers them. */
export interface PlanListItem {
  readonly id: string;
  readonly year: number;
  readonly orgId: string;
  readonly orgName: string;
  readonly districtId: string | null;
  readonly fileName: string;
  readonly sha256: string;
  readonly size: number;
  readonly status: string;
  readonly submittedBy: string | null;
  readonly submittedAt: string;
  readonly updatedAt: string;
}

export interface PlanView {
  readonly id: string;
  readonly year: number;
  readonly orgId: string;
  readonly orgName: string;
  readonly districtId: string | null;
  readonly fileName: string;
  readonly sha256: string;
  readonly size: number;
  readonly status: string;
  readonly submittedBy: string | null;
  readonly steps: readonly Step[];
}

export interface PlanSubmitted {
  readonly id: string;
  readonly status: string;
  readonly sha256?: string;
  readonly position: string;
}

/** Who files plans (district bureaus, city-direct departments) and who reads them. */
export const PLAN_SUBMITTERS = ['district_reviewer', 'department_reviewer', 'admin'] as const;
export const PLAN_READERS = [...PLAN_SUBMITTERS, 'city_reviewer', 'auditor'] as const;

/** The server's default upload limit (CE_TRAINING_PLAN_MAX_BYTES); the server's own answer wins. */
export const PLAN_MAX_BYTES = 20 * 1024 * 1024;
