import { DEFAULT_CHAIN_POLICY, type Placement } from '@ce/approval/domain';
import { type Actor, specificationFor } from '@ce/kernel';
import {
  type PlanFile,
  type TrainingPlanCommand,
  type TrainingPlanEvent,
  planStatus,
  planSummary,
  trainingPlanDecider,
  trainingPlanStream,
} from './training-plan.decider';
import type { PlanOrg } from './training-plan.rules';

const now = '2020-09-01T01:00:00.000Z';
const districtReviewer: Actor = { userId: 'u-zhifu', orgId: 'zhifu', roles: ['district_reviewer'] };
const districtReviewer2: Actor = { userId: 'u-zhifu-2', orgId: 'zhifu', roles: ['district_reviewer'] };
const fushanReviewer: Actor = { userId: 'u-fushan', orgId: 'fushan', roles: ['district_reviewer'] };
const healthReviewer: Actor = { userId: 'u-health', orgId: 'health', roles: ['department_reviewer'] };
const districtDeptReviewer: Actor = { userId: 'u-edu', orgId: 'zhifu-edu', roles: ['department_reviewer'] };
const unitAdmin: Actor = { userId: 'u-unit', orgId: 'zhifu', roles: ['unit_admin'] };
const cityReviewer: Actor = { userId: 'u-city', orgId: 'city', roles: ['city_reviewer'] };
const cityReviewer2: Actor = { userId: 'u-city-2', orgId: 'city', roles: ['city_reviewer'] };
const admin: Actor = { userId: 'u-admin', orgId: 'city', roles: ['admin'] };
const dueAt = (at: string) => new Date(Date.parse(at) + 7 * 86_400_000).toISOString();
const deciderFor = (actor: Actor) => trainingPlanDecider({ actor, now, dueAt });
const as = (actor: Actor) => specificationFor(deciderFor(actor));

const zhifu: PlanOrg = {
  orgId: 'zhifu',
  name: '芝罘区人力资源和社会保障局',
  kind: 'district',
  districtId: 'zhifu',
};
const zhifuPlacement: Placement = {
  unitId: null,
  departmentId: null,
  districtId: 'zhifu',
  cityId: 'city',
  baseId: null,
};
const health: PlanOrg = {
  orgId: 'health',
  name: '烟台市卫生健康委员会',
  kind: 'department',
  districtId: null,
};
const healthPlacement: Placement = {
  unitId: null,
  departmentId: 'health',
  districtId: null,
  cityId: 'city',
  baseId: null,
};
const zhifuEducation: PlanOrg = {
  orgId: 'zhifu-edu',
  name: '芝罘区教育局',
  kind: 'department',
  districtId: 'zhifu',
};

const file = (n: number, overrides: Partial<PlanFile> = {}): PlanFile => ({
  fileName: `芝罘区2020年度专业技术人员继续教育培训方案（第${n}稿）.pdf`,
  sha256: String(n).repeat(64).slice(0, 64),
  size: 1000 + n,
  ...overrides,
});

const submit = (overrides: Partial<Extract<TrainingPlanCommand, { type: 'submit' }>> = {}) =>
  ({
    type: 'submit',
    planId: 'plan-1',
    year: 2020,
    org: zhifu,
    placement: zhifuPlacement,
    chainPolicy: DEFAULT_CHAIN_POLICY,
    file: file(1),
    ...overrides,
  }) satisfies TrainingPlanCommand;

const run = (
  history: readonly TrainingPlanEvent[],
  actor: Actor,
  command: TrainingPlanCommand,
): TrainingPlanEvent[] => {
  const decider = deciderFor(actor);
  const state = history.reduce(decider.evolve, decider.initialState());
  return [...history, ...decider.decide(command, state)];
};

const stateOf = (history: readonly TrainingPlanEvent[]) => {
  const decider = deciderFor(cityReviewer);
  return history.reduce(decider.evolve, decider.initialState());
};

const flow = (
  history: readonly TrainingPlanEvent[],
  actor: Actor,
  command:
    | { type: 'approve'; comment?: string }
    | { type: 'return'; reason: string }
    | { type: 'reject'; reason: string },
): TrainingPlanEvent[] => {
  const activation = stateOf(history).flow.activation;
  switch (command.type) {
    case 'approve':
      return run(history, actor, { type: 'flow', command: { ...command, activation } });
    case 'return':
      return run(history, actor, { type: 'flow', command: { ...command, activation, to: 'applicant' } });
    case 'reject':
      return run(history, actor, { type: 'flow', command: { ...command, activation } });
  }
};

const submitted = () => run([], districtReviewer, submit());
const returned = () => flow(submitted(), cityReviewer, { type: 'return', reason: '方案未加盖公章' });

describe('annual training plan (培训方案) submission', () => {
  it('records the plan with its file by hash, never the bytes, and opens the city bureau’s task', () => {
    as(districtReviewer)
      .given([])
      .when(submit())
      .thenState((state, events) => {
        expect(events.map((e) => e.type)).toEqual(['training-plan.submitted.v1', 'approval.submitted.v1']);
        expect(events[0]).toEqual({
          type: 'training-plan.submitted.v1',
          data: {
            planId: 'plan-1',
            year: 2020,
            orgId: 'zhifu',
            orgName: '芝罘区人力资源和社会保障局',
            districtId: 'zhifu',
            fileName: file(1).fileName,
            sha256: file(1).sha256,
            size: 1001,
          },
        });
        expect(state.flow).toMatchObject({
          subjectType: 'training_plan',
          policyVersion: DEFAULT_CHAIN_POLICY.version,
          current: 0,
          activation: 1,
          submittedBy: 'u-zhifu',
          dueAt: dueAt(now),
        });
        expect(state.flow.steps).toEqual([{ level: 'city', orgId: 'city', decision: 'pending' }]);
        expect(planStatus(state)).toBe('in_review');
      });
  });

  it('sends a city-direct department’s plan to the city bureau too, with no district', () => {
    const events = run([], healthReviewer, submit({ org: health, placement: healthPlacement }));
    const state = stateOf(events);
    expect(state.plan).toMatchObject({ orgId: 'health', districtId: null });
    expect(state.flow.steps).toEqual([{ level: 'city', orgId: 'city', decision: 'pending' }]);
  });

  it('summarises the task for the inbox: organisation and year, no hours', () => {
    const plan = stateOf(submitted()).plan;
    expect(plan && planSummary(plan)).toEqual({
      title: '芝罘区人力资源和社会保障局 · 2020年度培训方案',
      applicantName: '芝罘区人力资源和社会保障局',
      year: 2020,
      hours: null,
      districtId: 'zhifu',
    });
    expect(trainingPlanStream('0b7e')).toBe('training-plan-0b7e');
  });

  it('lets an admin submit for any organisation that owes a plan', () => {
    as(admin)
      .given([])
      .when(submit({ org: health, placement: healthPlacement }))
      .thenState((state) => expect(state.flow.submittedBy).toBe('u-admin'));
  });
});

describe('who may submit a plan', () => {
  it.each([
    ['a unit administrator', unitAdmin, submit()],
    ['another district’s bureau', fushanReviewer, submit()],
    ['a city department for a district', healthReviewer, submit()],
    [
      'a district bureau for a city department',
      districtReviewer,
      submit({ org: health, placement: healthPlacement }),
    ],
    [
      'a district’s department (its district reports for it)',
      districtDeptReviewer,
      submit({ org: zhifuEducation }),
    ],
    ['a city reviewer', cityReviewer, submit()],
  ])('refuses %s (403)', (_who, actor, command) => {
    as(actor).given([]).when(command).thenThrows('TRAINING_PLAN.NOT_ALLOWED');
  });

  it('refuses an admin’s plan for an organisation that owes none (a district’s department, a unit)', () => {
    as(admin)
      .given([])
      .when(submit({ org: zhifuEducation }))
      .thenThrows('TRAINING_PLAN.ORG_NOT_ELIGIBLE');
    as(admin)
      .given([])
      .when(submit({ org: { orgId: 'u', name: '芝罘区实验中学', kind: 'unit', districtId: 'zhifu' } }))
      .thenThrows('TRAINING_PLAN.ORG_NOT_ELIGIBLE');
  });

  it.each([
    ['a year out of range', submit({ year: 1999 }), 'TRAINING_PLAN.INVALID_YEAR'],
    ['an empty file', submit({ file: file(1, { size: 0 }) }), 'TRAINING_PLAN.EMPTY_FILE'],
    [
      'a hash that is not SHA-256 hex',
      submit({ file: file(1, { sha256: 'abc' }) }),
      'TRAINING_PLAN.INVALID_HASH',
    ],
    ['a blank file name', submit({ file: file(1, { fileName: ' ' }) }), 'TRAINING_PLAN.FILE_NAME_REQUIRED'],
  ])('refuses %s', (_what, command, code) => {
    as(districtReviewer).given([]).when(command).thenThrows(code);
  });

  it('refuses a second submission on the same stream and task commands on an unknown plan', () => {
    as(districtReviewer).given(submitted()).when(submit()).thenThrows('TRAINING_PLAN.ALREADY_SUBMITTED');
    as(cityReviewer)
      .given([])
      .when({ type: 'flow', command: { type: 'approve', activation: 1 } })
      .thenThrows('TRAINING_PLAN.NOT_FOUND');
  });
});

describe('the city bureau decides a plan', () => {
  it('approves it in one step, with who and when', () => {
    const approved = flow(submitted(), cityReviewer, { type: 'approve', comment: '同意' });
    const state = stateOf(approved);
    expect(planStatus(state)).toBe('approved');
    expect(state.flow.steps).toEqual([
      { level: 'city', orgId: 'city', decision: 'approved', by: 'u-city', at: now, comment: '同意' },
    ]);
  });

  it('rejects it for good, with the reason', () => {
    const state = stateOf(flow(submitted(), cityReviewer, { type: 'reject', reason: '非本年度方案' }));
    expect(planStatus(state)).toBe('rejected');
    expect(state.flow.steps[0]).toMatchObject({ decision: 'rejected', comment: '非本年度方案' });
  });

  it('refuses a decision by anyone but a city reviewer, and by the submitter', () => {
    as(districtReviewer2)
      .given(submitted())
      .when({ type: 'flow', command: { type: 'approve', activation: 1 } })
      .thenThrows('APPROVAL.NOT_YOUR_ORGANISATION');
    as(admin)
      .given(submitted())
      .when({ type: 'flow', command: { type: 'approve', activation: 1 } })
      .thenThrows('APPROVAL.ROLE_REQUIRED');
    as(cityReviewer)
      .given(submitted())
      .when({ type: 'flow', command: { type: 'approve', activation: 2 } })
      .thenThrows('APPROVAL.TASK_NOT_OPEN');
  });
});

describe('returned plans: resubmission with a corrected PDF, and withdrawal', () => {
  it('replaces the file and reopens the city bureau’s task as a new one', () => {
    as(districtReviewer)
      .given(returned())
      .when({ type: 'resubmit', file: file(2) })
      .thenState((state, events) => {
        expect(events.map((e) => e.type)).toEqual([
          'training-plan.file-replaced.v1',
          'approval.resubmitted.v1',
        ]);
        expect(events[0]).toEqual({
          type: 'training-plan.file-replaced.v1',
          data: { planId: 'plan-1', ...file(2) },
        });
        expect(state.plan).toMatchObject({ sha256: file(2).sha256, size: 1002, fileName: file(2).fileName });
        expect(planStatus(state)).toBe('in_review');
        expect(state.flow.activation).toBe(2);
        expect(state.flow.steps).toEqual([{ level: 'city', orgId: 'city', decision: 'pending' }]);
      });
  });

  it('writes no file event when the same file comes back', () => {
    as(districtReviewer)
      .given(returned())
      .when({ type: 'resubmit', file: file(1) })
      .thenState((state, events) => {
        expect(events.map((e) => e.type)).toEqual(['approval.resubmitted.v1']);
        expect(state.plan?.sha256).toBe(file(1).sha256);
      });
  });

  it('lets only the submitter resubmit, only a returned plan, only with a proper file', () => {
    as(districtReviewer2)
      .given(returned())
      .when({ type: 'resubmit', file: file(2) })
      .thenThrows('APPROVAL.APPLICANT_ONLY');
    as(districtReviewer)
      .given(submitted())
      .when({ type: 'resubmit', file: file(2) })
      .thenThrows('APPROVAL.NOT_RETURNED');
    as(districtReviewer)
      .given(returned())
      .when({ type: 'resubmit', file: file(2, { size: 0 }) })
      .thenThrows('TRAINING_PLAN.EMPTY_FILE');
    as(districtReviewer)
      .given([])
      .when({ type: 'resubmit', file: file(2) })
      .thenThrows('TRAINING_PLAN.NOT_FOUND');
  });

  it('is approved after resubmission by another city reviewer as well', () => {
    const again = run(returned(), districtReviewer, { type: 'resubmit', file: file(2) });
    const state = stateOf(flow(again, cityReviewer2, { type: 'approve' }));
    expect(planStatus(state)).toBe('approved');
    expect(state.plan?.sha256).toBe(file(2).sha256);
  });

  it('lets the submitter withdraw while undecided or returned, not once approved', () => {
    as(districtReviewer)
      .given(submitted())
      .when({ type: 'flow', command: { type: 'withdraw' } })
      .thenState((state) => expect(planStatus(state)).toBe('withdrawn'));
    as(districtReviewer)
      .given(returned())
      .when({ type: 'flow', command: { type: 'withdraw' } })
      .thenState((state) => expect(planStatus(state)).toBe('withdrawn'));
    as(districtReviewer)
      .given(flow(submitted(), cityReviewer, { type: 'approve' }))
      .when({ type: 'flow', command: { type: 'withdraw' } })
      .thenThrows('APPROVAL.CANNOT_WITHDRAW');
  });
});
