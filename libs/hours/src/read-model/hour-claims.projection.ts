import { FLOW_EVENT_TYPES } from '@ce/approval/domain';
import type { RecordedEvent } from '@ce/event-store';
import { toDomainEvent } from '@ce/kernel';
import type { Projection } from '@ce/projections';
import type { EntityManager } from 'typeorm';
import type { ClaimRecord, HourClaimEvent } from '../hour-claim/hour-claim.decider';

const PREFIX = 'hour-claim-';

interface ClaimRow {
  id: string;
  personId: string;
  unitId: string;
  applicantName: string;
  year: number;
  subject: string;
  kind: string;
  hours: number;
  title: string;
  status: string;
  makeUp: boolean;
  certificateNo: string | null;
  submittedAt: Date;
  updatedAt: Date;
  changed: boolean;
}

/**
 * Claims for lists, and the approved ones as ledger entries. A batch is folded per claim in memory
 * and written set-wise: two reads and at most three writes per batch, whatever its size.
 */
export const hourClaimsProjection: Projection = {
  name: 'hour-claims',
  tables: ['rm_hour_claims', 'rm_ledger_entries'],
  eventTypes: [
    'hour-claim.submitted.v1',
    'hour-claim.amended.v1',
    'hour-claim.revoked.v1',
    ...FLOW_EVENT_TYPES,
  ],
  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const mine = events.filter((e) => e.streamId.startsWith(PREFIX));
    if (mine.length === 0) return;
    const claims = await loadClaims(manager, [...new Set(mine.map((e) => e.streamId.slice(PREFIX.length)))]);
    /** Per claim: approved at (insert a ledger entry) or revoked (remove it). */
    const ledger = new Map<string, Date | 'remove'>();

    for (const recorded of mine) {
      const claimId = recorded.streamId.slice(PREFIX.length);
      const event = toDomainEvent<HourClaimEvent>(recorded);
      const at = recorded.recordedAt;
      const existing = claims.get(claimId);
      const status = (value: string) => {
        if (existing) Object.assign(existing, { status: value, updatedAt: at, changed: true });
      };
      switch (event.type) {
        case 'hour-claim.submitted.v1':
        case 'hour-claim.amended.v1':
          claims.set(claimId, fromRecord(event.data, existing, at));
          break;
        case 'hour-claim.revoked.v1':
          status('revoked');
          ledger.set(claimId, 'remove');
          break;
        case 'approval.submitted.v1':
        case 'approval.step-approved.v1':
        case 'approval.resubmitted.v1':
          if (event.data.current === null) {
            status('approved');
            ledger.set(claimId, at);
          } else {
            status('in_review');
          }
          break;
        case 'approval.returned.v1':
          status(event.data.current === null ? 'returned' : 'in_review');
          break;
        case 'approval.rejected.v1':
          status('rejected');
          break;
        case 'approval.withdrawn.v1':
          status('withdrawn');
          break;
        case 'approval.commented.v1':
        case 'approval.task-claimed.v1':
        case 'approval.task-released.v1':
        case 'approval.task-transferred.v1':
        case 'approval.urged.v1':
          break; // the claim's status does not change
      }
    }

    await writeClaims(
      manager,
      [...claims.values()].filter((c) => c.changed),
    );
    const removed = [...ledger.entries()].filter(([, v]) => v === 'remove').map(([id]) => id);
    if (removed.length > 0) {
      await manager.query(`DELETE FROM rm_ledger_entries WHERE claim_id = ANY ($1::uuid[])`, [removed]);
    }
    const approved = [...ledger.entries()].flatMap(([id, v]) => {
      const claim = claims.get(id);
      return v instanceof Date && claim ? [{ claim, at: v }] : [];
    });
    if (approved.length > 0) {
      await manager.query(
        `INSERT INTO rm_ledger_entries (claim_id, person_id, year, subject, kind, hours, make_up, approved_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::numeric[], $7::boolean[],
                              $8::timestamptz[])
         ON CONFLICT (claim_id) DO NOTHING`,
        [
          approved.map((a) => a.claim.id),
          approved.map((a) => a.claim.personId),
          approved.map((a) => a.claim.year),
          approved.map((a) => a.claim.subject),
          approved.map((a) => a.claim.kind),
          approved.map((a) => a.claim.hours),
          approved.map((a) => a.claim.makeUp),
          approved.map((a) => a.at),
        ],
      );
    }
  },
};

function fromRecord(c: ClaimRecord, existing: ClaimRow | undefined, at: Date): ClaimRow {
  return {
    id: c.claimId,
    personId: c.personId,
    unitId: c.unitId,
    applicantName: c.applicantName,
    year: c.year,
    subject: c.subject,
    kind: c.kind,
    hours: c.hours,
    title: c.title,
    status: existing?.status ?? 'in_review',
    makeUp: c.makeUp,
    certificateNo: c.certificateNo ?? null,
    submittedAt: existing?.submittedAt ?? at,
    updatedAt: at,
    changed: true,
  };
}

async function loadClaims(manager: EntityManager, ids: string[]): Promise<Map<string, ClaimRow>> {
  const rows: {
    id: string;
    person_id: string;
    unit_id: string;
    applicant_name: string;
    year: number;
    subject: string;
    kind: string;
    hours: string;
    title: string;
    status: string;
    make_up: boolean;
    certificate_no: string | null;
    submitted_at: Date;
    updated_at: Date;
  }[] = await manager.query(`SELECT * FROM rm_hour_claims WHERE id = ANY ($1::uuid[])`, [ids]);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        personId: r.person_id,
        unitId: r.unit_id,
        applicantName: r.applicant_name,
        year: r.year,
        subject: r.subject,
        kind: r.kind,
        hours: Number(r.hours),
        title: r.title,
        status: r.status,
        makeUp: r.make_up,
        certificateNo: r.certificate_no,
        submittedAt: r.submitted_at,
        updatedAt: r.updated_at,
        changed: false,
      },
    ]),
  );
}

async function writeClaims(manager: EntityManager, rows: ClaimRow[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof ClaimRow>(key: K) => rows.map((r) => r[key]);
  await manager.query(
    `INSERT INTO rm_hour_claims (id, person_id, unit_id, applicant_name, year, subject, kind, hours, title, status, make_up,
                                 certificate_no, submitted_at, updated_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::text[], $7::text[], $8::numeric[],
                          $9::text[], $10::text[], $11::boolean[], $12::text[], $13::timestamptz[], $14::timestamptz[])
     ON CONFLICT (id) DO UPDATE SET year = EXCLUDED.year, subject = EXCLUDED.subject, kind = EXCLUDED.kind,
       hours = EXCLUDED.hours, title = EXCLUDED.title, status = EXCLUDED.status, make_up = EXCLUDED.make_up,
       certificate_no = EXCLUDED.certificate_no, updated_at = EXCLUDED.updated_at`,
    [
      column('id'),
      column('personId'),
      column('unitId'),
      column('applicantName'),
      column('year'),
      column('subject'),
      column('kind'),
      column('hours'),
      column('title'),
      column('status'),
      column('makeUp'),
      column('certificateNo'),
      column('submittedAt'),
      column('updatedAt'),
    ],
  );
}
