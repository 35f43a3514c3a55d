import { type Decider, RuleViolation, assertNever } from '@ce/kernel';

/**
 * 继续教育合格证明: one stream per person and training year. A certificate is issued only for a
 * compliant year ledger and records the approved claims it rests on. A claim revocation voids it when
 * the year's ledger is then short and a claim the certificate rests on no longer counts. After that
 * the year can be certified again, under a new code.
 *
 * Not `certificate-…`: that prefix already names the hour-claims module's reservations of the
 * certificate numbers printed on training certificates (certificate.used.v1).
 */
export const CERTIFICATE_STREAM_PREFIX = 'completion-certificate';

export const certificateStream = (personId: string, year: number): string =>
  `${CERTIFICATE_STREAM_PREFIX}-${personId}-${year}`;

export function parseCertificateStream(streamId: string): { personId: string; year: number } | null {
  const match = /^completion-certificate-([0-9a-f-]{36})-(\d{4})$/.exec(streamId);
  return match?.[1] && match[2] ? { personId: match[1], year: Number(match[2]) } : null;
}

export type LedgerStatus = 'not_started' | 'in_progress' | 'compliant' | 'non_compliant';

/** The person's year ledger at the moment of the decision (GET /persons/{id}/years/{year}). */
export interface LedgerSnapshot {
  readonly publicHours: number;
  readonly professionalHours: number;
  readonly totalHours: number;
  readonly requirement: { readonly public: number; readonly professional: number; readonly total: number };
  readonly shortfall: { readonly public: number; readonly professional: number; readonly total: number };
  readonly status: LedgerStatus;
  /** The approved claims the ledger counted. */
  readonly claimIds: readonly string[];
}

export interface CertificateIssued {
  readonly code: string;
  readonly personId: string;
  readonly year: number;
  /** As of the issue: the certificate prints what was true when it was issued. */
  readonly name: string;
  readonly idNumberMasked: string;
  readonly unitId: string;
  readonly unitName: string;
  /** 出证机关: the city bureau at the top of the person's organisation tree. */
  readonly issuerName: string;
  readonly publicHours: number;
  readonly professionalHours: number;
  readonly totalHours: number;
  /** The year's minimums the hours were measured against (policy at the time of the issue). */
  readonly requirement: LedgerSnapshot['requirement'];
  /** The approved claims behind the certificate: it is voided when one no longer counts and the year is short. */
  readonly claimIds: readonly string[];
  readonly issuedAt: string;
  readonly issuedBy: string;
}

export interface CertificateRevoked {
  readonly code: string;
  /** Shown on the public verification page and the voided PDF: no reviewer's words in it. */
  readonly reason: string;
  /** Why the claim was revoked (the reviewer's reason), for the record only. */
  readonly claimReason: string;
  readonly revokedAt: string;
  /** The claim revocation (`hour-claim.revoked.v1`) after which the year was short. */
  readonly causedBy: { readonly claimId: string; readonly eventId: string };
  readonly shortfall: LedgerSnapshot['shortfall'];
}

export type CertificateEvent =
  | { type: 'certificate.issued.v1'; data: CertificateIssued }
  | { type: 'certificate.revoked.v1'; data: CertificateRevoked };

export const CERTIFICATE_EVENT_TYPES = ['certificate.issued.v1', 'certificate.revoked.v1'] as const;

export type CertificateCommand =
  | {
      type: 'issue';
      code: string;
      person: { personId: string; name: string; idNumberMasked: string; unitId: string; unitName: string };
      year: number;
      issuerName: string;
      ledger: LedgerSnapshot;
      issuedAt: string;
      issuedBy: string;
    }
  | {
      type: 'revoke-for-claim';
      claimId: string;
      /** Id of the `hour-claim.revoked.v1` event. */
      eventId: string;
      claimReason: string;
      /** The ledger with the revoked claim no longer counted. */
      ledger: LedgerSnapshot;
      revokedAt: string;
    };

export type Certificate = CertificateIssued &
  ({ readonly status: 'valid' } | { readonly status: 'revoked'; readonly revoked: CertificateRevoked });

export interface CertificateState {
  /** The latest certificate of the year (valid or revoked), null before the first issue. */
  readonly current: Certificate | null;
  /** Every certificate of the year, oldest first. */
  readonly history: readonly Certificate[];
}

const hours = (n: number): string => `${n}学时`;

/** 公需科目还差 6 学时，总学时还差 6 学时 */
export function describeShortfall(shortfall: LedgerSnapshot['shortfall']): string {
  const parts = [
    shortfall.public > 0 ? `公需科目还差${hours(shortfall.public)}` : null,
    shortfall.professional > 0 ? `专业科目还差${hours(shortfall.professional)}` : null,
    shortfall.total > 0 ? `总学时还差${hours(shortfall.total)}` : null,
  ].filter((p): p is string => p !== null);
  return parts.join('，');
}

/** Whether a claim the certificate was issued on no longer counts in the ledger (revoked). */
export const restsOnUncountedClaim = (certificate: CertificateIssued, ledger: LedgerSnapshot): boolean =>
  certificate.claimIds.some((id) => !ledger.claimIds.includes(id));

export const certificateDecider: Decider<CertificateCommand, CertificateEvent, CertificateState> = {
  initialState: () => ({ current: null, history: [] }),

  decide(command, state) {
    switch (command.type) {
      case 'issue': {
        // Idempotent: while a certificate of the year is valid, asking again names that one.
        if (state.current?.status === 'valid') return [];
        const { ledger } = command;
        if (ledger.status !== 'compliant') {
          throw new RuleViolation(
            'CERTIFICATE.YEAR_NOT_COMPLIANT',
            `${command.year}年度继续教育学时未达标，不能出具合格证明：${describeShortfall(ledger.shortfall) || '尚无已审核通过的学时'}`,
            {
              year: command.year,
              status: ledger.status,
              publicHours: ledger.publicHours,
              professionalHours: ledger.professionalHours,
              totalHours: ledger.totalHours,
              requirement: ledger.requirement,
              shortfall: ledger.shortfall,
            },
          );
        }
        if (state.history.some((c) => c.code === command.code)) {
          throw new Error(`certificate code ${command.code} was already used`);
        }
        return [
          {
            type: 'certificate.issued.v1',
            data: {
              code: command.code,
              personId: command.person.personId,
              year: command.year,
              name: command.person.name,
              idNumberMasked: command.person.idNumberMasked,
              unitId: command.person.unitId,
              unitName: command.person.unitName,
              issuerName: command.issuerName,
              publicHours: ledger.publicHours,
              professionalHours: ledger.professionalHours,
              totalHours: ledger.totalHours,
              requirement: { ...ledger.requirement },
              claimIds: [...ledger.claimIds],
              issuedAt: command.issuedAt,
              issuedBy: command.issuedBy,
            },
          },
        ];
      }
      case 'revoke-for-claim': {
        const current = state.current;
        if (current?.status !== 'valid') return [];
        if (command.ledger.status === 'compliant') return [];
        // Short, but every claim the certificate was issued on still counts: the year was compliant on
        // them under the rules of the day (only a later policy change can make them short), so it stands.
        if (!restsOnUncountedClaim(current, command.ledger)) return [];
        return [
          {
            type: 'certificate.revoked.v1',
            data: {
              code: current.code,
              reason: `所依据的学时登记已被撤销，${current.year}年度学时不再达标（${describeShortfall(command.ledger.shortfall)}）`,
              claimReason: command.claimReason,
              revokedAt: command.revokedAt,
              causedBy: { claimId: command.claimId, eventId: command.eventId },
              shortfall: command.ledger.shortfall,
            },
          },
        ];
      }
      default:
        return assertNever(command, 'certificate command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'certificate.issued.v1': {
        const certificate: Certificate = { ...event.data, status: 'valid' };
        return { current: certificate, history: [...state.history, certificate] };
      }
      case 'certificate.revoked.v1': {
        const history = state.history.map((c): Certificate =>
          c.code === event.data.code ? { ...c, status: 'revoked', revoked: event.data } : c,
        );
        const current = history.find((c) => c.code === state.current?.code) ?? null;
        return { current, history };
      }
      default:
        return assertNever(event, 'certificate event');
    }
  },
};
