/** Shapes of the API's answers (API.md), as far as the web app reads them. */

export type Subject = 'public' | 'professional';
export type ClaimKind =
  'training' | 'online' | 'self_study' | 'achievement' | 'grassroots_service' | 'competition' | 'other';
export type ClaimStatus = 'in_review' | 'returned' | 'approved' | 'rejected' | 'withdrawn' | 'revoked';
export type Level = 'unit' | 'department' | 'district' | 'city' | 'base';
export type Decision = 'pending' | 'approved' | 'returned' | 'rejected' | 'skipped';
export type SubjectType =
  'hour_claim' | 'training_project' | 'training_plan' | 'statistics_report' | 'base_year_report';
export type LedgerStatus = 'not_started' | 'in_progress' | 'compliant' | 'non_compliant';

export interface Step {
  readonly level: Level;
  readonly orgId: string | null;
  readonly decision: Decision;
  readonly by?: string;
  readonly at?: string;
  readonly comment?: string;
}

/** The optional fields of 附件2 some kinds have (sent only when filled). */
export interface ClaimKindFields {
  readonly studyType?: string;
  readonly assessment?: string;
  readonly achievementType?: string;
  readonly achievementLevel?: string;
}

export interface ClaimFields extends ClaimKindFields {
  readonly subject: Subject;
  readonly kind: ClaimKind;
  readonly title: string;
  readonly organizer?: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly hours: number;
  readonly place?: string;
  readonly certificateNo?: string;
  readonly makeUpForYear?: number;
}

export interface ClaimView extends ClaimFields {
  readonly id: string;
  readonly personId: string;
  readonly unitId?: string;
  readonly applicantName?: string;
  readonly year: number;
  readonly status: ClaimStatus;
  readonly makeUp: boolean;
  readonly steps: readonly Step[];
  readonly revoked?: { readonly reason?: string; readonly at?: string; readonly by?: string };
}

export interface ClaimListItem {
  readonly id: string;
  readonly personId: string;
  readonly applicantName?: string;
  readonly year: number;
  readonly subject: Subject;
  readonly kind: ClaimKind;
  readonly hours: number;
  readonly title: string;
  readonly status: ClaimStatus;
  readonly makeUp: boolean;
  readonly submittedAt: string;
}

export interface Submitted {
  readonly id: string;
  readonly year?: number;
  readonly status: string;
  readonly position: string;
}

export interface Ledger {
  readonly personId: string;
  readonly year: number;
  readonly publicHours: number;
  readonly professionalHours: number;
  readonly totalHours: number;
  readonly competition?: {
    readonly publicApproved: number;
    readonly publicCounted: number;
    readonly professionalApproved: number;
    readonly professionalCounted: number;
  };
  readonly requirement: { readonly public: number; readonly professional: number; readonly total: number };
  readonly shortfall: { readonly public: number; readonly professional: number; readonly total: number };
  readonly status: LedgerStatus;
}

export interface PersonSummary {
  readonly id: string;
  readonly name: string;
  readonly idNumberMasked: string;
  readonly unitId: string;
}

export interface Org {
  readonly id: string;
  readonly name: string;
  readonly kind: 'city' | 'district' | 'department' | 'unit' | 'base';
  readonly parentId: string | null;
  readonly unitType?: string;
  readonly sector?: string;
  readonly baseType?: string;
}

export interface Task {
  readonly id: string;
  readonly subjectType: SubjectType;
  readonly subjectId: string;
  readonly level: Level;
  readonly orgId: string;
  readonly districtId?: string | null;
  readonly status: 'open' | 'claimed';
  readonly claimedBy: string | null;
  readonly createdAt: string;
  readonly dueAt: string | null;
  readonly summary: string;
  readonly applicantName?: string | null;
  readonly year?: number | null;
  readonly hours?: number | null;
  readonly urgedCount?: number;
  /** Past its due date by the server's (domain) clock. */
  readonly overdue?: boolean;
}

export interface Inbox {
  /** The server's (domain) clock when it answered. */
  readonly now?: string;
  readonly items: readonly Task[];
  readonly nextCursor: string | null;
  readonly counts?: { readonly open: number; readonly claimed: number };
}

export interface TaskOutcome {
  readonly subjectId: string;
  readonly status: string;
  readonly position: string;
}

export interface BatchResult {
  readonly results: readonly {
    readonly taskId: string;
    readonly ok: boolean;
    readonly code?: string;
    readonly status?: string;
    readonly position?: string;
  }[];
}

export interface AuditEvent {
  readonly revision: number | string;
  readonly position: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: {
    readonly actor?: { readonly userId?: string; readonly orgId?: string; readonly role?: string };
    readonly reason?: string;
    readonly now?: string;
  } & Record<string, unknown>;
  readonly recordedAt: string;
  readonly hash?: string;
}

export interface StreamHistory {
  readonly streamId: string;
  readonly events: readonly AuditEvent[];
  readonly state: unknown;
}

export interface Certificate {
  readonly code: string;
  readonly url: string;
}
