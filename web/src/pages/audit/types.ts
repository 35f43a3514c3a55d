/** The audit API's answers (API.md "Audit"). */

export interface EventMetadata {
  readonly actor?: { readonly userId?: string; readonly orgId?: string; readonly role?: string };
  readonly now?: string;
  readonly reason?: string;
  readonly requestId?: string;
  readonly [key: string]: unknown;
}

export interface AuditEventView {
  readonly streamId?: string;
  readonly revision: string | number;
  readonly position: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata | null;
  readonly recordedAt: string;
  readonly effectiveAt?: string;
  readonly hash: string | null;
}

export interface StreamHistoryView {
  readonly streamId: string;
  readonly asOf?: string;
  readonly events: readonly AuditEventView[];
  readonly state: unknown;
  readonly stateKind?: string | null;
}

export interface FeedPage {
  readonly items: readonly AuditEventView[];
  readonly next: string | null;
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly checkedEvents: number;
  readonly checkedCheckpoints?: number;
  readonly firstBroken?: { readonly streamId: string; readonly revision: string; readonly reason?: string };
  readonly checkpointProblem?: { readonly reason?: string } & Record<string, unknown>;
}

export const AUDIT_ROLES = ['auditor', 'admin'] as const;

/** Why an event happened, where the event says so: its metadata, or a reason / comment in its data. */
export function reasonOf(event: AuditEventView): string | null {
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Record<
    string,
    unknown
  >;
  const candidates = [event.metadata?.reason, data.reason, data.comment, data.text];
  const found = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
  return found ?? null;
}
