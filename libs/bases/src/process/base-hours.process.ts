import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type RecordedEvent, comparePositions } from '@ce/event-store';
import { idNumberHash, identityProjection } from '@ce/identity';
import { DomainError } from '@ce/kernel';
import type { Projection } from '@ce/projections';
import type { EntityManager } from 'typeorm';
import type { TraineeRegistration } from '../domain/trainee-registration';
import { parseBaseYearStream } from '../read-model/base-years.projection';

/** What the process manager asks for: an hour claim for a person a base registered as a trainee. */
export interface BaseClaimRequest {
  /** Deterministic per (base, year, 身份证号, 培训项目): the request id of the claim's submission. */
  readonly registrationKey: string;
  readonly baseId: string;
  readonly year: number;
  readonly personId: string;
  readonly unitId: string;
  readonly registration: TraineeRegistration;
  /** The domain time of the registration (its command's clock), not the time of processing. */
  readonly registeredAt: Date;
}

export type BaseClaimStarter = (request: BaseClaimRequest) => Promise<{ claimId: string }>;

/**
 * Projections are plain objects listed by the app; the claim starter needs the hours module's
 * service, so the bases module binds it here when it starts (and unbinds it when it stops).
 */
const starters: BaseClaimStarter[] = [];

export function bindBaseClaimStarter(starter: BaseClaimStarter): () => void {
  starters.push(starter);
  return () => {
    const index = starters.indexOf(starter);
    if (index >= 0) starters.splice(index, 1);
  };
}

export const registrationKeyOf = (baseId: string, year: number, r: TraineeRegistration): string =>
  `base-claim-${createHash('sha256').update(`${baseId}|${year}|${r.idNumber}|${r.programme}`).digest('hex').slice(0, 40)}`;

/** How long a batch waits for the identity projection to catch up before it gives up and is retried. */
const IDENTITY_WAIT_TRIES = 100;
const IDENTITY_WAIT_MS = 50;

interface Candidate {
  readonly event: RecordedEvent;
  readonly key: string;
  readonly baseId: string;
  readonly year: number;
  readonly registration: TraineeRegistration;
  readonly hash: string;
}

interface Handled {
  readonly key: string;
  readonly streamId: string;
  readonly personId: string | null;
  readonly claimId: string | null;
  readonly outcome: string;
  readonly registeredAt: Date;
}

/**
 * Hours from a base (process manager): a trainee registration for a person the system knows (by the
 * hash of the 身份证号) starts that person's hour claim — public subject, training, organised by the
 * base. It is a projection so that it follows `$all` with a checkpoint: `pm_base_claims` remembers,
 * in the same transaction as the checkpoint, every registration it has handled, so a redelivered or
 * replayed registration is skipped.
 *
 * Caveat: `apply` runs inside the batch's database transaction, while starting a claim appends to the
 * event store through its own pool — a claim can be stored although the batch then rolls back. That
 * is acceptable only because starting a claim is idempotent by request id: the claim's id and its
 * events' ids derive from the registration key, so the redelivered registration names the same claim
 * and gets the first answer (HourClaimsService.submit → idForRequest / handleCommand's retry path).
 *
 * Deterministic: who is "known" is decided as of the registration (people registered before it,
 * after the identity projection has processed its position), never by reading the clock.
 */
export const baseHoursProcess: Projection = {
  name: 'base-hours-process',
  tables: ['pm_base_claims'],
  eventTypes: ['base-year.trainee-registered.v1'],
  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const candidates = new Map<string, Candidate>();
    for (const event of events) {
      const target = parseBaseYearStream(event.streamId);
      if (!target || event.type !== 'base-year.trainee-registered.v1') continue;
      const registration = event.data as unknown as TraineeRegistration; // the stored shape of the event
      const key = registrationKeyOf(target.baseId, target.year, registration);
      if (candidates.has(key)) continue;
      candidates.set(key, { event, key, ...target, registration, hash: idNumberHash(registration.idNumber) });
    }
    if (candidates.size === 0) return;
    const done: { registration_key: string }[] = await manager.query(
      `SELECT registration_key FROM pm_base_claims WHERE registration_key = ANY ($1::text[])`,
      [[...candidates.keys()]],
    );
    for (const row of done) candidates.delete(row.registration_key);
    const todo = [...candidates.values()];
    const last = todo[todo.length - 1];
    if (!last) return;

    await waitForIdentity(manager, last.event.position);
    const people: { id: string; unit_id: string; id_number_hash: string; created_at: Date }[] =
      await manager.query(
        `SELECT id, unit_id, id_number_hash, created_at FROM rm_persons WHERE id_number_hash = ANY ($1::text[])`,
        [[...new Set(todo.map((c) => c.hash))]],
      );
    const byHash = new Map(people.map((p) => [p.id_number_hash, p]));

    const handled: Handled[] = [];
    for (const c of todo) {
      const person = byHash.get(c.hash);
      const base = { key: c.key, streamId: c.event.streamId, registeredAt: c.event.recordedAt };
      if (!person || person.created_at > c.event.recordedAt) {
        handled.push({ ...base, personId: null, claimId: null, outcome: 'no_person' });
        continue;
      }
      const starter = starters[starters.length - 1];
      if (!starter) {
        throw new Error(
          'base-hours-process: no claim starter in this process (the bases and hours modules are not loaded, e.g. ROLE=worker)',
        );
      }
      const metadataNow = c.event.metadata.now;
      try {
        const { claimId } = await starter({
          registrationKey: c.key,
          baseId: c.baseId,
          year: c.year,
          personId: person.id,
          unitId: person.unit_id,
          registration: c.registration,
          registeredAt: typeof metadataNow === 'string' ? new Date(metadataNow) : c.event.recordedAt,
        });
        handled.push({ ...base, personId: person.id, claimId, outcome: 'claim_started' });
      } catch (error) {
        // A rule said no (e.g. the training year had closed): remember it, it would say no again.
        if (!(error instanceof DomainError)) throw error;
        handled.push({ ...base, personId: person.id, claimId: null, outcome: `refused:${error.code}` });
      }
    }
    await manager.query(
      `INSERT INTO pm_base_claims (registration_key, stream_id, person_id, claim_id, outcome, registered_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::timestamptz[])
       ON CONFLICT (registration_key) DO NOTHING`,
      [
        handled.map((h) => h.key),
        handled.map((h) => h.streamId),
        handled.map((h) => h.personId),
        handled.map((h) => h.claimId),
        handled.map((h) => h.outcome),
        handled.map((h) => h.registeredAt.toISOString()),
      ],
    );
  },
};

/** People are known from the identity read model: wait until it has seen everything up to `position`. */
async function waitForIdentity(manager: EntityManager, position: string): Promise<void> {
  for (let attempt = 0; attempt < IDENTITY_WAIT_TRIES; attempt++) {
    const rows: { position: string | null }[] = await manager.query(
      `SELECT position FROM projection_checkpoints WHERE name = $1`,
      [identityProjection.name],
    );
    if (comparePositions(rows[0]?.position ?? null, position) >= 0) return;
    await sleep(IDENTITY_WAIT_MS);
  }
  throw new Error(`base-hours-process: the identity projection has not reached ${position} yet; retrying`);
}
