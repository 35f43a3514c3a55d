import { specificationFor } from '@ce/kernel';
import {
  type CertificateCommand,
  type CertificateEvent,
  type LedgerSnapshot,
  certificateDecider,
  parseCertificateStream,
  certificateStream,
} from './certificate.decider';

const spec = specificationFor(certificateDecider);

const PERSON = '0190a0c4-5b7e-7c3a-9d21-3f4e5a6b7c8d';
const UNIT = '0190a0c4-5b7e-7c3a-9d21-3f4e5a6b7c8e';
const requirement = { public: 30, professional: 60, total: 90 };

const compliant: LedgerSnapshot = {
  publicHours: 30,
  professionalHours: 60,
  totalHours: 90,
  requirement,
  shortfall: { public: 0, professional: 0, total: 0 },
  status: 'compliant',
  claimIds: ['claim-public', 'claim-professional'],
};

const short: LedgerSnapshot = {
  publicHours: 30,
  professionalHours: 40,
  totalHours: 70,
  requirement,
  shortfall: { public: 0, professional: 20, total: 20 },
  status: 'in_progress',
  claimIds: ['claim-public'],
};

const issue = (code: string, ledger: LedgerSnapshot = compliant): CertificateCommand => ({
  type: 'issue',
  code,
  person: {
    personId: PERSON,
    name: '王芳',
    idNumberMasked: '370602********1245',
    unitId: UNIT,
    unitName: '芝罘区青少年校外活动中心',
  },
  year: 2020,
  issuerName: '烟台市人力资源和社会保障局',
  ledger,
  issuedAt: '2020-09-01T01:00:00.000Z',
  issuedBy: 'user-wang',
});

const issued = (code: string, claimIds: readonly string[] = compliant.claimIds): CertificateEvent => ({
  type: 'certificate.issued.v1',
  data: {
    code,
    personId: PERSON,
    year: 2020,
    name: '王芳',
    idNumberMasked: '370602********1245',
    unitId: UNIT,
    unitName: '芝罘区青少年校外活动中心',
    issuerName: '烟台市人力资源和社会保障局',
    publicHours: 30,
    professionalHours: 60,
    totalHours: 90,
    requirement,
    claimIds: [...claimIds],
    issuedAt: '2020-09-01T01:00:00.000Z',
    issuedBy: 'user-wang',
  },
});

const revokeFor = (claimId: string, ledger: LedgerSnapshot = short): CertificateCommand => ({
  type: 'revoke-for-claim',
  claimId,
  eventId: `event-${claimId}`,
  claimReason: '证书造假',
  ledger,
  revokedAt: '2020-10-08T02:00:00.000Z',
});

const revoked = (code: string, claimId: string): CertificateEvent => ({
  type: 'certificate.revoked.v1',
  data: {
    code,
    reason: '所依据的学时登记已被撤销，2020年度学时不再达标（专业科目还差20学时，总学时还差20学时）',
    claimReason: '证书造假',
    revokedAt: '2020-10-08T02:00:00.000Z',
    causedBy: { claimId, eventId: `event-${claimId}` },
    shortfall: short.shortfall,
  },
});

describe('certificate decider', () => {
  describe('issue', () => {
    it('issues a certificate for a compliant year, with the hours and the claims behind it', () => {
      spec
        .given([])
        .when(issue('AAAA-BBBB-CCCC-DDDD'))
        .then([issued('AAAA-BBBB-CCCC-DDDD')]);
    });

    it('refuses a year short of hours, naming the shortfall', () => {
      spec
        .given([])
        .when(issue('AAAA-BBBB-CCCC-DDDD', short))
        .thenThrows((error) => {
          const e = error as { code?: string; message?: string; details?: Record<string, unknown> };
          return (
            e.code === 'CERTIFICATE.YEAR_NOT_COMPLIANT' &&
            e.message?.includes('专业科目还差20学时') === true &&
            JSON.stringify(e.details?.shortfall) === JSON.stringify(short.shortfall)
          );
        });
    });

    it('refuses a year without any approved hours', () => {
      spec
        .given([])
        .when(
          issue('AAAA-BBBB-CCCC-DDDD', {
            ...short,
            publicHours: 0,
            professionalHours: 0,
            totalHours: 0,
            shortfall: requirement,
            status: 'not_started',
            claimIds: [],
          }),
        )
        .thenThrows('CERTIFICATE.YEAR_NOT_COMPLIANT');
    });

    it('answers with the valid certificate instead of issuing a second one', () => {
      spec
        .given([issued('AAAA-BBBB-CCCC-DDDD')])
        .when(issue('EEEE-FFFF-GGGG-HHHH'))
        .then([]);
      spec
        .given([issued('AAAA-BBBB-CCCC-DDDD')])
        .when(issue('EEEE-FFFF-GGGG-HHHH', short))
        .thenState((state, events) => {
          expect(events).toEqual([]);
          expect(state.current?.code).toBe('AAAA-BBBB-CCCC-DDDD');
          expect(state.current?.status).toBe('valid');
        });
    });

    it('issues a new code once the voided year is compliant again', () => {
      spec
        .given([issued('AAAA-BBBB-CCCC-DDDD'), revoked('AAAA-BBBB-CCCC-DDDD', 'claim-professional')])
        .when(issue('EEEE-FFFF-GGGG-HHHH'))
        .thenState((state, events) => {
          expect(events.map((e) => e.type)).toEqual(['certificate.issued.v1']);
          expect(state.current?.code).toBe('EEEE-FFFF-GGGG-HHHH');
          expect(state.history.map((c) => [c.code, c.status])).toEqual([
            ['AAAA-BBBB-CCCC-DDDD', 'revoked'],
            ['EEEE-FFFF-GGGG-HHHH', 'valid'],
          ]);
        });
    });
  });

  describe('revoke for a revoked claim', () => {
    it('voids the certificate when a claim behind it leaves the year short', () => {
      spec
        .given([issued('AAAA-BBBB-CCCC-DDDD')])
        .when(revokeFor('claim-professional'))
        .then([revoked('AAAA-BBBB-CCCC-DDDD', 'claim-professional')]);
    });

    it('keeps the certificate when the year is still compliant without the claim', () => {
      spec
        .given([issued('AAAA-BBBB-CCCC-DDDD')])
        .when(revokeFor('claim-professional', { ...compliant, claimIds: ['claim-public', 'claim-other'] }))
        .then([]);
    });

    it('keeps the certificate while every claim it rests on still counts (a short year after a policy change)', () => {
      spec
        .given([issued('AAAA-BBBB-CCCC-DDDD')])
        .when(
          revokeFor('claim-approved-later', {
            ...short,
            claimIds: ['claim-public', 'claim-professional'],
          }),
        )
        .then([]);
    });

    it('voids it when a later revocation leaves the year short and an earlier-revoked claim was behind it', () => {
      // claim-professional was revoked while a later claim kept the year compliant; now that one goes too.
      spec
        .given([issued('AAAA-BBBB-CCCC-DDDD')])
        .when(revokeFor('claim-approved-later', short))
        .thenState((state, events) => {
          expect(events).toEqual([revoked('AAAA-BBBB-CCCC-DDDD', 'claim-approved-later')]);
          expect(state.current?.status).toBe('revoked');
        });
    });

    it('does nothing without a valid certificate', () => {
      spec.given([]).when(revokeFor('claim-professional')).then([]);
      spec
        .given([issued('AAAA-BBBB-CCCC-DDDD'), revoked('AAAA-BBBB-CCCC-DDDD', 'claim-professional')])
        .when(revokeFor('claim-public'))
        .then([]);
    });

    it('voids only the current certificate, not one issued later on other claims', () => {
      spec
        .given([
          issued('AAAA-BBBB-CCCC-DDDD'),
          revoked('AAAA-BBBB-CCCC-DDDD', 'claim-professional'),
          issued('EEEE-FFFF-GGGG-HHHH', ['claim-public', 'claim-professional-2']),
        ])
        // A replay of the old revocation (a rebuild): the new certificate's claims all count.
        .when(
          revokeFor('claim-professional', {
            ...compliant,
            claimIds: ['claim-public', 'claim-professional-2'],
          }),
        )
        .then([]);
    });
  });

  it('names streams per person and year, distinct from the hour claims’ certificate-number streams', () => {
    const stream = certificateStream(PERSON, 2020);
    expect(stream).toBe(`completion-certificate-${PERSON}-2020`);
    expect(parseCertificateStream(stream)).toEqual({ personId: PERSON, year: 2020 });
    expect(parseCertificateStream(`certificate-${PERSON}-0123456789abcdef0123456789abcdef`)).toBeNull();
  });
});
