import type { Actor } from '@ce/kernel';
import { specificationFor } from '@ce/kernel';
import { DEFAULT_HOURS_POLICY } from '../domain/hours-policy';
import {
  type HourClaimCommand,
  type HourClaimEvent,
  claimStatus,
  hourClaimDecider,
} from './hour-claim.decider';

const now = '2020-09-01T01:00:00.000Z';
const unitAdmin: Actor = { userId: 'u-admin', orgId: 'unit-1', roles: ['unit_admin'] };
const person: Actor = { userId: 'u-person', orgId: 'unit-1', roles: ['person'], personId: 'p-1' };
const departmentReviewer: Actor = { userId: 'u-dep', orgId: 'dep-1', roles: ['department_reviewer'] };
const districtReviewer: Actor = { userId: 'u-dist', orgId: 'dist-1', roles: ['district_reviewer'] };
const cityReviewer: Actor = { userId: 'u-city', orgId: 'city', roles: ['city_reviewer'] };
const dueAt = (at: string) => new Date(Date.parse(at) + 7 * 86_400_000).toISOString();
const as = (actor: Actor) => specificationFor(hourClaimDecider({ actor, now, dueAt }));

const submit: HourClaimCommand = {
  type: 'submit',
  claimId: 'c-1',
  input: {
    subject: 'professional',
    kind: 'training',
    title: ' 新课程标准解读 ',
    startDate: '2020-06-01',
    endDate: '2020-06-05',
    hours: 40,
  },
  person: { personId: 'p-1', name: '张伟', unitId: 'unit-1' },
  steps: [
    { level: 'unit', orgId: 'unit-1' },
    { level: 'department', orgId: 'dep-1' },
    { level: 'district', orgId: 'dist-1' },
  ],
  districtId: 'dist-1',
  chainPolicyVersion: 'chains-1',
  applicantUserIds: ['u-person'],
  policy: DEFAULT_HOURS_POLICY,
  today: '2020-09-01',
};

const submitted = (): HourClaimEvent[] => {
  const decider = hourClaimDecider({ actor: person, now, dueAt });
  return decider.decide(submit, decider.initialState());
};

const approvedBy = (history: HourClaimEvent[], actor: Actor): HourClaimEvent[] => {
  const decider = hourClaimDecider({ actor, now, dueAt });
  const state = history.reduce(decider.evolve, decider.initialState());
  return [
    ...history,
    ...decider.decide(
      { type: 'flow', command: { type: 'approve', activation: state.flow.activation } },
      state,
    ),
  ];
};

const fullyApproved = () =>
  approvedBy(approvedBy(approvedBy(submitted(), unitAdmin), departmentReviewer), districtReviewer);

describe('hour claim', () => {
  it('records the claim with its year and opens the unit step', () => {
    as(person)
      .given([])
      .when(submit)
      .thenState((state, events) => {
        expect(events.map((e) => e.type)).toEqual(['hour-claim.submitted.v1', 'approval.submitted.v1']);
        expect(state.claim).toMatchObject({
          title: '新课程标准解读',
          year: 2020,
          makeUp: false,
          applicantName: '张伟',
        });
        expect(state.flow.current).toBe(0);
        expect(claimStatus(state)).toBe('in_review');
      });
  });

  it('refuses a claim that breaks a rule, with the rule’s code', () => {
    as(person)
      .given([])
      .when({ ...submit, input: { ...submit.input, hours: 0.3 } })
      .thenThrows('HOUR_CLAIM.HOURS_NOT_IN_STEPS');
    as(person).given(submitted()).when(submit).thenThrows('HOUR_CLAIM.ALREADY_SUBMITTED');
  });

  it('is approved after the last level and can then be revoked only by that level or the city', () => {
    const history = fullyApproved();
    as(districtReviewer)
      .given(history)
      .when({ type: 'revoke', reason: '证书系伪造' })
      .thenState((state) => expect(claimStatus(state)).toBe('revoked'));
    as(cityReviewer)
      .given(history)
      .when({ type: 'revoke', reason: '重复登记' })
      .thenState((state) => expect(state.revoked?.reason).toBe('重复登记'));
    as(departmentReviewer)
      .given(history)
      .when({ type: 'revoke', reason: 'x' })
      .thenThrows('HOUR_CLAIM.REVOKE_NOT_ALLOWED');
    as(districtReviewer)
      .given(history)
      .when({ type: 'revoke', reason: '  ' })
      .thenThrows('HOUR_CLAIM.REASON_REQUIRED');
    as(districtReviewer)
      .given(submitted())
      .when({ type: 'revoke', reason: 'x' })
      .thenThrows('HOUR_CLAIM.NOT_APPROVED');
  });

  it('amends the claim on resubmission after a return, and reopens the flow', () => {
    const decider = hourClaimDecider({ actor: unitAdmin, now, dueAt });
    const history = submitted();
    const state = history.reduce(decider.evolve, decider.initialState());
    const returned = [
      ...history,
      ...decider.decide(
        {
          type: 'flow',
          command: { type: 'return', activation: state.flow.activation, reason: '学时有误', to: 'applicant' },
        },
        state,
      ),
    ];
    as(person)
      .given(returned)
      .when({
        type: 'resubmit',
        changes: { hours: 32 },
        policy: DEFAULT_HOURS_POLICY,
        today: '2020-09-01',
        districtId: 'dist-1',
      })
      .thenState((next, events) => {
        expect(events.map((e) => e.type)).toEqual(['hour-claim.amended.v1', 'approval.resubmitted.v1']);
        expect(next.claim?.hours).toBe(32);
        expect(claimStatus(next)).toBe('in_review');
      });
    as(person)
      .given(returned)
      .when({
        type: 'resubmit',
        changes: { hours: 0 },
        policy: DEFAULT_HOURS_POLICY,
        today: '2020-09-01',
        districtId: 'dist-1',
      })
      .thenThrows('HOUR_CLAIM.HOURS_NOT_POSITIVE');
  });

  it('refuses flow actions on a revoked claim', () => {
    const decider = hourClaimDecider({ actor: cityReviewer, now, dueAt });
    const history = fullyApproved();
    const state = history.reduce(decider.evolve, decider.initialState());
    const revoked = [...history, ...decider.decide({ type: 'revoke', reason: 'x' }, state)];
    as(person)
      .given(revoked)
      .when({ type: 'flow', command: { type: 'urge' } })
      .thenThrows('HOUR_CLAIM.REVOKED');
  });

  describe('the 附件2 fields of the claim’s kind', () => {
    const selfStudy: HourClaimCommand = {
      ...submit,
      input: {
        ...submit.input,
        kind: 'self_study',
        title: '《义务教育课程方案》研读',
        studyType: ' 专业书籍自学 ',
        assessment: '单位考核',
      },
    };
    const selfStudySubmitted = (): HourClaimEvent[] => {
      const decider = hourClaimDecider({ actor: person, now, dueAt });
      return decider.decide(selfStudy, decider.initialState());
    };
    const returnedToApplicant = (history: HourClaimEvent[]): HourClaimEvent[] => {
      const decider = hourClaimDecider({ actor: unitAdmin, now, dueAt });
      const state = history.reduce(decider.evolve, decider.initialState());
      return [
        ...history,
        ...decider.decide(
          {
            type: 'flow',
            command: { type: 'return', activation: state.flow.activation, reason: '请补充', to: 'applicant' },
          },
          state,
        ),
      ];
    };
    const resubmit = (
      changes: Extract<HourClaimCommand, { type: 'resubmit' }>['changes'],
    ): HourClaimCommand => ({
      type: 'resubmit',
      changes,
      policy: DEFAULT_HOURS_POLICY,
      today: '2020-09-01',
      districtId: 'dist-1',
    });

    it('records them trimmed on submission', () => {
      as(person)
        .given([])
        .when(selfStudy)
        .thenState((state) => {
          expect(state.claim).toMatchObject({
            kind: 'self_study',
            studyType: '专业书籍自学',
            assessment: '单位考核',
          });
          expect(state.claim?.achievementType).toBeUndefined();
        });
    });

    it('refuses a field of another kind on submission and records nothing', () => {
      as(person)
        .given([])
        .when({ ...submit, input: { ...submit.input, achievementLevel: '国家级' } })
        .thenThrows('HOUR_CLAIM.FIELD_NOT_FOR_KIND');
    });

    it('folds a claim submitted before these fields existed, and lets its resubmission add them', () => {
      // Exactly the shape a 2020 event had: no kind-specific fields at all.
      const old: HourClaimEvent = {
        type: 'hour-claim.submitted.v1',
        data: {
          subject: 'professional',
          kind: 'achievement',
          title: '中学物理实验教学改进研究',
          startDate: '2020-05-20',
          endDate: '2020-05-20',
          hours: 20,
          claimId: 'c-1',
          personId: 'p-1',
          unitId: 'unit-1',
          applicantName: '张伟',
          year: 2020,
          makeUp: false,
          hoursPolicyVersion: 'yantai-2020.1',
        },
      };
      const flowOpened = submitted().filter((e) => e.type !== 'hour-claim.submitted.v1');
      const history = returnedToApplicant([old, ...flowOpened]);
      as(person)
        .given(history)
        .when(resubmit({ achievementType: '论文', achievementLevel: '省级' }))
        .thenState((state, events) => {
          expect(events.map((e) => e.type)).toEqual(['hour-claim.amended.v1', 'approval.resubmitted.v1']);
          expect(state.claim).toMatchObject({
            title: '中学物理实验教学改进研究',
            achievementType: '论文',
            achievementLevel: '省级',
            claimId: 'c-1',
            applicantName: '张伟',
          });
          expect(claimStatus(state)).toBe('in_review');
        });
    });

    it('drops the old kind’s fields when the kind changes, but refuses ones sent for the wrong kind', () => {
      const history = returnedToApplicant(selfStudySubmitted());
      as(person)
        .given(history)
        .when(resubmit({ kind: 'training', organizer: '芝罘区教育局' }))
        .thenState((state) => {
          expect(state.claim?.kind).toBe('training');
          expect(state.claim?.studyType).toBeUndefined();
          expect(state.claim?.assessment).toBeUndefined();
          expect(state.claim?.organizer).toBe('芝罘区教育局');
        });
      as(person)
        .given(history)
        .when(resubmit({ kind: 'training', assessment: '考试' }))
        .thenThrows('HOUR_CLAIM.FIELD_NOT_FOR_KIND');
      as(person)
        .given(history)
        .when(resubmit({ assessment: '考'.repeat(101) }))
        .thenThrows('HOUR_CLAIM.FIELD_TOO_LONG');
    });

    it('clears a field sent empty, and records no amendment when nothing changed', () => {
      const history = returnedToApplicant(selfStudySubmitted());
      as(person)
        .given(history)
        .when(resubmit({ assessment: '' }))
        .thenState((state, events) => {
          expect(events.map((e) => e.type)).toEqual(['hour-claim.amended.v1', 'approval.resubmitted.v1']);
          expect(state.claim?.assessment).toBeUndefined();
          expect(state.claim?.studyType).toBe('专业书籍自学');
        });
      as(person)
        .given(history)
        .when(resubmit({ studyType: '专业书籍自学' }))
        .thenState((_state, events) => {
          expect(events.map((e) => e.type)).toEqual(['approval.resubmitted.v1']);
        });
    });
  });
});
