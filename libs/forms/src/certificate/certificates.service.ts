import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, WrongExpectedRevisionError } from '@ce/event-store';
import { HourClaimsService, YearLedgers } from '@ce/hours';
import { type CommandContext, IdentityService, OrgDirectory, maskIdNumber, metadataOf } from '@ce/identity';
import {
  type Actor,
  CLOCK,
  type Clock,
  NotFoundError,
  foldEvents,
  handleCommand,
  toDomainEvent,
} from '@ce/kernel';
import { ProjectionsQuery } from '@ce/projections';
import { DataSource } from 'typeorm';
import { renderCertificatePdf } from './certificate.pdf';
import {
  type Certificate,
  type CertificateEvent,
  type CertificateState,
  type LedgerSnapshot,
  certificateDecider,
  certificateStream,
} from './domain/certificate.decider';
import { CODE_BYTES, codeFromBytes, normaliseCode } from './domain/certificate-code';
import { maskName } from './domain/mask-name';
import type { ClaimRevocation, RevocationOutcome } from './process/certificate-revocation.process';
import type { CertificateVerification } from './verify-page';

/** When the organisation tree has no city above the unit (it always has one in practice). */
export const DEFAULT_ISSUER = '烟台市人力资源和社会保障局';

/** The actor of revocations the process manager appends. */
export const CERTIFICATE_PROCESS_USER = 'system:certificate-process';

/** How long issuing waits for the hour-claims projection, so a claim approved a moment ago counts. */
const LEDGER_WAIT_MS = 5000;

export interface IssueResult {
  /** True when this request (or the first one with its request id) issued the certificate. */
  readonly created: boolean;
  readonly certificate: Certificate;
  readonly position: string | null;
}

/** 继续教育合格证明: issue on a compliant year, render, verify, and void when the year falls short. */
@Injectable()
export class CertificatesService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly identity: IdentityService,
    private readonly orgs: OrgDirectory,
    private readonly claims: HourClaimsService,
    private readonly projections: ProjectionsQuery,
    private readonly dataSource: DataSource,
    private readonly ledgers: YearLedgers,
  ) {}

  /**
   * Issues the year's certificate when the year ledger is compliant (422 otherwise). While a valid
   * certificate exists it is returned as it is; after a revocation a compliant year gets a new code.
   */
  async issue(personId: string, year: number, ctx: CommandContext): Promise<IssueResult> {
    const person = await this.identity.requirePersonVisible(ctx.actor, personId);
    const head = await this.store.headPosition();
    if (head !== null) await this.projections.waitFor(head, LEDGER_WAIT_MS, ['hour-claims']);
    const [ledger, unit, lineage] = await Promise.all([
      this.yearLedger(personId, year),
      this.orgs.get(person.unitId),
      this.orgs.lineage(person.unitId),
    ]);
    const issuerName = lineage.find((o) => o.kind === 'city')?.name ?? DEFAULT_ISSUER;
    const streamId = certificateStream(personId, year);
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await handleCommand(
          this.store,
          streamId,
          certificateDecider,
          {
            type: 'issue',
            code: await this.unusedCode(),
            person: {
              personId,
              name: person.name,
              idNumberMasked: maskIdNumber(person.idNumber),
              unitId: person.unitId,
              unitName: unit?.name ?? '',
            },
            year,
            issuerName,
            ledger,
            issuedAt: ctx.now.toISOString(),
            issuedBy: ctx.actor.userId,
          },
          {
            metadata: metadataOf(ctx, ctx.actor.personId === personId ? {} : { onBehalfOf: personId }),
            ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
          },
        );
        const certificate = result.state.current;
        if (!certificate) throw new Error('the certificate decider issued nothing');
        return { created: result.events.length > 0, certificate, position: result.position };
      } catch (error) {
        // Someone issued (or the process manager voided) at the same moment: decide again on the new state.
        if (error instanceof WrongExpectedRevisionError && attempt < 3) continue;
        throw error;
      }
    }
  }

  /** The latest certificate of the person's year (valid or voided), for those who may see the person. */
  async current(personId: string, year: number, actor: Actor): Promise<Certificate> {
    await this.identity.requirePersonVisible(actor, personId);
    const certificate = (await this.load(personId, year)).current;
    if (!certificate) {
      throw new NotFoundError('CERTIFICATE.NOT_FOUND', `${year}年度尚未出具继续教育合格证明`);
    }
    return certificate;
  }

  pdf(certificate: Certificate, verifyUrl: string): Promise<Buffer> {
    return renderCertificatePdf({ certificate, verifyUrl });
  }

  /** What the public verification page shows for a typed code; null when there is no such certificate. */
  async verify(typed: string): Promise<CertificateVerification | null> {
    const code = normaliseCode(typed);
    if (!code) return null;
    const rows: {
      code: string;
      year: number;
      status: 'valid' | 'revoked';
      name: string;
      unit_name: string;
      issuer_name: string;
      public_hours: string;
      professional_hours: string;
      total_hours: string;
      issued_at: Date;
      revoked_at: Date | null;
      revoked_reason: string | null;
    }[] = await this.dataSource.query(
      `SELECT code, year, status, name, unit_name, issuer_name, public_hours::text AS public_hours,
              professional_hours::text AS professional_hours, total_hours::text AS total_hours, issued_at,
              revoked_at, revoked_reason
         FROM rm_certificates WHERE code = $1`,
      [code],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      valid: row.status === 'valid',
      status: row.status,
      code: row.code,
      year: row.year,
      nameMasked: maskName(row.name),
      unitName: row.unit_name,
      issuerName: row.issuer_name,
      publicHours: Number(row.public_hours),
      professionalHours: Number(row.professional_hours),
      totalHours: Number(row.total_hours),
      issuedAt: row.issued_at.toISOString(),
      ...(row.revoked_at ? { revokedAt: row.revoked_at.toISOString() } : {}),
      ...(row.revoked_reason ? { revokedReason: row.revoked_reason } : {}),
    };
  }

  /**
   * The process manager's step for one claim revocation: void the certificate of the claim's year if
   * the ledger (which has already counted the revocation) is short and a claim the certificate rests
   * on no longer counts.
   * Idempotent: the event id derives from the revoking event's id (handleCommand's request-id path).
   */
  async revokeForClaim(revocation: ClaimRevocation): Promise<RevocationOutcome> {
    const claim = (await this.claims.load(revocation.claimId)).claim;
    if (!claim) return { personId: null, year: null, certificateCode: null, outcome: 'unknown_claim' };
    const { personId, year } = claim;
    const streamId = certificateStream(personId, year);
    for (let attempt = 0; ; attempt++) {
      const before = (await this.load(personId, year)).current;
      if (!before) return { personId, year, certificateCode: null, outcome: 'no_certificate' };
      const ledger = await this.yearLedger(personId, year);
      try {
        const result = await handleCommand(
          this.store,
          streamId,
          certificateDecider,
          {
            type: 'revoke-for-claim',
            claimId: revocation.claimId,
            eventId: revocation.eventId,
            claimReason: revocation.reason,
            ledger,
            revokedAt: revocation.revokedAt,
          },
          {
            requestId: revocation.eventId,
            metadata: {
              actor: { userId: CERTIFICATE_PROCESS_USER, role: 'system' },
              now: revocation.revokedAt,
              causationId: revocation.eventId,
              correlationId: revocation.correlationId ?? revocation.eventId,
              reason: revocation.reason,
            },
          },
        );
        const [revoked] = result.events;
        if (revoked) {
          return {
            personId,
            year,
            certificateCode: revoked.data.code,
            outcome: result.idempotentReplay ? 'already_revoked' : 'revoked',
          };
        }
        const outcome =
          before.status !== 'valid'
            ? 'certificate_not_valid'
            : ledger.status === 'compliant'
              ? 'still_compliant'
              : 'certificate_claims_still_counted';
        return { personId, year, certificateCode: before.code, outcome };
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt < 5) continue;
        throw error;
      }
    }
  }

  /**
   * The person's year ledger exactly as GET /api/v1/persons/{id}/years/{year} computes it: the approved
   * claims of the hour-claims read model, the hours policy and the rules of computeYearLedger.
   */
  async yearLedger(personId: string, year: number): Promise<LedgerSnapshot> {
    const { entries, ledger } = await this.ledgers.withEntries(personId, year);
    return {
      publicHours: ledger.publicHours,
      professionalHours: ledger.professionalHours,
      totalHours: ledger.totalHours,
      requirement: ledger.requirement,
      shortfall: ledger.shortfall,
      status: ledger.status,
      claimIds: entries.map((e) => e.claimId),
    };
  }

  async load(personId: string, year: number): Promise<CertificateState> {
    const events = await this.store.readStream(certificateStream(personId, year));
    return foldEvents(
      certificateDecider,
      events.map((e) => toDomainEvent<CertificateEvent>(e)),
    );
  }

  /** 80 random bits; the read model is asked only to make a collision (never expected) impossible to miss. */
  private async unusedCode(): Promise<string> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = codeFromBytes(randomBytes(CODE_BYTES));
      const taken: unknown[] = await this.dataSource.query(`SELECT 1 FROM rm_certificates WHERE code = $1`, [
        code,
      ]);
      if (taken.length === 0) return code;
    }
    throw new Error('could not draw an unused certificate code');
  }
}
