import { setTimeout as sleep } from 'node:timers/promises';
import { type RecordedEvent, comparePositions } from '@ce/event-store';
import { hourClaimsProjection } from '@ce/hours';
import type { Projection } from '@ce/projections';
import type { EntityManager } from 'typeorm';

/** One claim revocation (`hour-claim.revoked.v1`) for the process manager to act on. */
export interface ClaimRevocation {
  readonly claimId: string;
  /** Id of the revoking event: the certificate revocation's event id derives from it. */
  readonly eventId: string;
  readonly position: string;
  readonly reason: string;
  /** The domain time of the claim's revocation (its command's clock). */
  readonly revokedAt: string;
  readonly correlationId: string | null;
}

export interface RevocationOutcome {
  readonly personId: string | null;
  readonly year: number | null;
  readonly certificateCode: string | null;
  /**
   * `revoked`, `already_revoked`, `still_compliant`, `certificate_claims_still_counted`,
   * `certificate_not_valid`, `no_certificate` or `unknown_claim`.
   */
  readonly outcome: string;
}

export type CertificateRevoker = (revocation: ClaimRevocation) => Promise<RevocationOutcome>;

/**
 * Projections are plain objects listed by the app; the revoker needs the certificates service, so
 * the certificates module binds it when it starts (and unbinds it when it stops).
 */
const revokers: CertificateRevoker[] = [];

export function bindCertificateRevoker(revoker: CertificateRevoker): () => void {
  revokers.push(revoker);
  return () => {
    const index = revokers.indexOf(revoker);
    if (index >= 0) revokers.splice(index, 1);
  };
}

/** How long a batch waits for the hour-claims projection to count the revocation before it is retried. */
const LEDGER_WAIT_TRIES = 200;
const LEDGER_WAIT_MS = 25;

const PREFIX = 'hour-claim-';

/**
 * Voids certificates whose year a claim revocation leaves short (process manager). It follows `$all`
 * with a checkpoint like every projection; `pm_certificate_revocations` remembers, in the same
 * transaction as the checkpoint, every revocation it has handled, so a redelivered one is skipped.
 *
 * It decides on the ledger AFTER the revocation is counted: it first waits until the `hour-claims`
 * projection (which feeds the ledger) has passed the revoking event's position.
 *
 * Caveat (as in base-hours-process): `apply` runs inside the batch's transaction while the revoker
 * appends to the event store through its own pool, so a revocation can be stored although the batch
 * then rolls back. That is safe because the revoker is idempotent: the certificate event's id is
 * derived from the revoking event's id, and it is appended at the revision it decided on.
 */
export const certificateRevocationProcess: Projection = {
  name: 'certificate-revocation-process',
  tables: ['pm_certificate_revocations'],
  eventTypes: ['hour-claim.revoked.v1'],
  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const candidates = events.filter(
      (e) => e.type === 'hour-claim.revoked.v1' && e.streamId.startsWith(PREFIX),
    );
    if (candidates.length === 0) return;
    const done: { event_id: string }[] = await manager.query(
      `SELECT event_id FROM pm_certificate_revocations WHERE event_id = ANY ($1::uuid[])`,
      [candidates.map((e) => e.id)],
    );
    const handled = new Set(done.map((r) => r.event_id));
    const todo = candidates.filter((e) => !handled.has(e.id));
    const last = todo[todo.length - 1];
    if (!last) return;

    await waitForLedger(manager, last.position);
    const revoker = revokers[revokers.length - 1];
    if (!revoker) {
      throw new Error(
        'certificate-revocation-process: no revoker in this process (the certificates module is not loaded)',
      );
    }
    const rows: (RevocationOutcome & { eventId: string; claimId: string; position: string })[] = [];
    for (const event of todo) {
      const data = event.data as { reason?: unknown; at?: unknown }; // hour-claim.revoked.v1 as stored
      const now = event.metadata.now;
      const correlationId = event.metadata.correlationId;
      const revocation: ClaimRevocation = {
        claimId: event.streamId.slice(PREFIX.length),
        eventId: event.id,
        position: event.position,
        reason: typeof data.reason === 'string' ? data.reason : '',
        revokedAt:
          typeof now === 'string'
            ? now
            : typeof data.at === 'string'
              ? data.at
              : event.recordedAt.toISOString(),
        correlationId: typeof correlationId === 'string' ? correlationId : null,
      };
      rows.push({
        ...(await revoker(revocation)),
        eventId: event.id,
        claimId: revocation.claimId,
        position: event.position,
      });
    }
    await manager.query(
      `INSERT INTO pm_certificate_revocations (event_id, claim_id, person_id, year, certificate_code, outcome, position)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[])
       ON CONFLICT (event_id) DO NOTHING`,
      [
        rows.map((r) => r.eventId),
        rows.map((r) => r.claimId),
        rows.map((r) => r.personId),
        rows.map((r) => r.year),
        rows.map((r) => r.certificateCode),
        rows.map((r) => r.outcome),
        rows.map((r) => r.position),
      ],
    );
  },
};

/** The ledger is the hour-claims read model: wait until it has counted everything up to `position`. */
async function waitForLedger(manager: EntityManager, position: string): Promise<void> {
  for (let attempt = 0; attempt < LEDGER_WAIT_TRIES; attempt++) {
    const rows: { position: string | null }[] = await manager.query(
      `SELECT position FROM projection_checkpoints WHERE name = $1`,
      [hourClaimsProjection.name],
    );
    if (comparePositions(rows[0]?.position ?? null, position) >= 0) return;
    await sleep(LEDGER_WAIT_MS);
  }
  throw new Error(
    `certificate-revocation-process: the hour-claims projection has not reached ${position} yet; retrying`,
  );
}
