import type { LedgerStatus } from '../../api';

/** GET /api/v1/dashboards/compliance */
export interface ComplianceRow {
  readonly persons: number;
  readonly byStatus: Readonly<Record<LedgerStatus, number>>;
  /** compliant / persons, 0..1 */
  readonly rate: number;
}

export interface DistrictCompliance extends ComplianceRow {
  /** null: 市直 */
  readonly districtId: string | null;
  readonly districtName: string;
}

export interface Compliance {
  readonly year: number;
  readonly closed: boolean;
  readonly total: ComplianceRow;
  readonly districts: readonly DistrictCompliance[];
}

/** GET /api/v1/dashboards/deadlines */
export interface DeadlineFulfilment {
  readonly deadlineId: string;
  readonly kind: string;
  readonly dueAt: string;
  readonly owed: number;
  readonly fulfilled: number;
}

export const CITY_DASHBOARD_READERS = [
  'city_reviewer',
  'auditor',
  'admin',
  'district_reviewer',
  'department_reviewer',
] as const;
