import { DEFAULT_CHAIN_POLICY, type Placement } from '@ce/approval/domain';
import { type Actor, DomainError, specificationFor } from '@ce/kernel';
import {
  type TrainingProjectCommand,
  type TrainingProjectEvent,
  projectStatus,
  trainingProjectDecider,
} from './training-project.decider';

const now = '2020-09-01T01:00:00.000Z';
const unitAdmin: Actor = { userId: 'u-admin-a', orgId: 'unit-1', roles: ['unit_admin'] };
const unitAdmin2: Actor = { userId: 'u-admin-b', orgId: 'unit-1', roles: ['unit_admin'] };
const departmentReviewer: Actor = { userId: 'u-dep', orgId: 'dep-1', roles: ['department_reviewer'] };
const districtReviewer: Actor = { userId: 'u-dist', orgId: 'dist-1', roles: ['district_reviewer'] };
const cityReviewer: Actor = { userId: 'u-city', orgId: 'city', roles: ['city_reviewer'] };
const dueAt = (at: string) => new Date(Date.parse(at) + 7 * 86_400_000).toISOString();
const deciderFor = (actor: Actor) => trainingProjectDecider({ actor, now, dueAt });
const as = (actor: Actor) => specificationFor(deciderFor(actor));

const districtUnit: Placement = {
  unitId: 'unit-1',
  departmentId: 'dep-1',
  districtId: 'dist-1',
  cityId: 'city',
  baseId: null,
};
const cityDirectUnit: Placement = {
  unitId: 'hospital',
  departmentId: 'health',
  districtId: null,
  cityId: 'city',
  baseId: null,
};

const submit = (overrides: Partial<Extract<TrainingProjectCommand, { type: 'submit' }>> = {}) =>
  ({
    type: 'submit',
    projectId: 'p-1',
    input: {
      year: 2020,
      name: ' 中小学教师信息技术应用能力提升培训 ',
      hours: 24,
      startDate: '2020-10-12',
      endDate: '2020-10-14',
      place: '芝罘区青少年校外活动中心',
      audience: '全区中小学教师',
      contact: '王老师 0535-6600000',
      cityWide: false,
    },
    organizer: { orgId: 'unit-1', name: '芝罘区青少年校外活动中心' },
    placement: districtUnit,
    chainPolicy: DEFAULT_CHAIN_POLICY,
    source: 'form',
    ...overrides,
  }) satisfies TrainingProjectCommand;

const withInput = (input: Partial<Extract<TrainingProjectCommand, { type: 'submit' }>['input']>) =>
  submit({ input: { ...submit().input, ...input } });

const run = (
  history: readonly TrainingProjectEvent[],
  actor: Actor,
  command: TrainingProjectCommand,
): TrainingProjectEvent[] => {
  const decider = deciderFor(actor);
  const state = history.reduce(decider.evolve, decider.initialState());
  return [...history, ...decider.decide(command, state)];
};

const stateOf = (history: readonly TrainingProjectEvent[]) => {
  const decider = deciderFor(unitAdmin);
  return history.reduce(decider.evolve, decider.initialState());
};

const approveBy = (history: readonly TrainingProjectEvent[], actor: Actor) =>
  run(history, actor, {
    type: 'flow',
    command: { type: 'approve', activation: stateOf(history).flow.activation },
  });

const stepsOf = (command: TrainingProjectCommand) =>
  stateOf(run([], unitAdmin, command)).flow.steps.map((s) => [s.level, s.orgId, s.decision]);

describe('training project (培训项目) chains', () => {
  it('takes a district unit’s project through unit → department → district', () => {
    expect(stepsOf(submit())).toEqual([
      ['unit', 'unit-1', 'pending'],
      ['department', 'dep-1', 'pending'],
      ['district', 'dist-1', 'pending'],
    ]);
  });

  it('adds the city bureau after the district when a district unit’s project is open to the whole city', () => {
    expect(stepsOf(withInput({ cityWide: true }))).toEqual([
      ['unit', 'unit-1', 'pending'],
      ['department', 'dep-1', 'pending'],
      ['district', 'dist-1', 'pending'],
      ['city', 'city', 'pending'],
    ]);
  });

  it('takes a city-direct unit’s project through unit → department → city, 面向全市 or not', () => {
    const expected = [
      ['unit', 'hospital', 'pending'],
      ['department', 'health', 'pending'],
      ['city', 'city', 'pending'],
    ];
    expect(stepsOf(submit({ placement: cityDirectUnit }))).toEqual(expected);
    expect(
      stepsOf(submit({ placement: cityDirectUnit, input: { ...submit().input, cityWide: true } })),
    ).toEqual(expected);
  });

  it('skips the levels the organiser does not have (an enterprise without department; a department itself)', () => {
    expect(stepsOf(submit({ placement: { ...districtUnit, departmentId: null } }))).toEqual([
      ['unit', 'unit-1', 'pending'],
      ['department', null, 'skipped'],
      ['district', 'dist-1', 'pending'],
    ]);
    expect(stepsOf(submit({ placement: { ...districtUnit, unitId: null } }))[0]).toEqual([
      'unit',
      null,
      'skipped',
    ]);
  });

  it('records the project with the organiser and its district, trimmed, and opens the first step', () => {
    as(unitAdmin)
      .given([])
      .when(submit())
      .thenState((state, events) => {
        expect(events.map((e) => e.type)).toEqual(['training-project.submitted.v1', 'approval.submitted.v1']);
        expect(state.project).toMatchObject({
          projectId: 'p-1',
          name: '中小学教师信息技术应用能力提升培训',
          organizerOrgId: 'unit-1',
          organizerName: '芝罘区青少年校外活动中心',
          districtId: 'dist-1',
          year: 2020,
          hours: 24,
          cityWide: false,
        });
        expect(state.flow).toMatchObject({
          subjectType: 'training_project',
          current: 0,
          submittedBy: 'u-admin-a',
        });
        expect(projectStatus(state)).toBe('in_review');
      });
  });

  it('is approved by the last level; a 面向全市 project waits for the city after the district', () => {
    const submitted = run([], unitAdmin, withInput({ cityWide: true }));
    const afterDistrict = approveBy(
      approveBy(approveBy(submitted, unitAdmin2), departmentReviewer),
      districtReviewer,
    );
    expect(projectStatus(stateOf(afterDistrict))).toBe('in_review');
    expect(stateOf(afterDistrict).flow.current).toBe(3);
    const approved = approveBy(afterDistrict, cityReviewer);
    expect(projectStatus(stateOf(approved))).toBe('approved');
    expect(stateOf(approved).flow.steps.map((s) => s.by)).toEqual(['u-admin-b', 'u-dep', 'u-dist', 'u-city']);
  });

  it('does not let the submitter decide the unit step of their own project', () => {
    as(unitAdmin)
      .given(run([], unitAdmin, submit()))
      .when({ type: 'flow', command: { type: 'approve', activation: 1 } })
      .thenThrows('APPROVAL.SEPARATION_OF_DUTIES');
  });
});

describe('training project refusals', () => {
  it.each([
    ['hours of zero', { hours: 0 }, 'TRAINING_PROJECT.HOURS_NOT_POSITIVE'],
    ['hours not in half-hour steps', { hours: 2.3 }, 'TRAINING_PROJECT.HOURS_NOT_IN_STEPS'],
    ['a blank name', { name: '   ' }, 'TRAINING_PROJECT.NAME_REQUIRED'],
    ['no place', { place: '' }, 'TRAINING_PROJECT.PLACE_REQUIRED'],
    ['no audience', { audience: ' ' }, 'TRAINING_PROJECT.AUDIENCE_REQUIRED'],
    ['no contact', { contact: '' }, 'TRAINING_PROJECT.CONTACT_REQUIRED'],
    ['an end before the start', { endDate: '2020-10-01' }, 'TRAINING_PROJECT.DATES_REVERSED'],
    ['dates outside the year', { endDate: '2021-01-05' }, 'TRAINING_PROJECT.DATES_OUTSIDE_YEAR'],
    ['a day that does not exist', { startDate: '2020-02-30' }, 'TRAINING_PROJECT.INVALID_DATE'],
    ['a year out of range', { year: 1999 }, 'TRAINING_PROJECT.INVALID_YEAR'],
  ])('refuses %s', (_what, input, code) => {
    as(unitAdmin).given([]).when(withInput(input)).thenThrows(code);
  });

  it('names every broken field in one refusal (422 with field errors)', () => {
    as(unitAdmin)
      .given([])
      .when(withInput({ name: '', hours: 0.2, place: '' }))
      .thenThrows((error) => {
        expect(error).toBeInstanceOf(DomainError);
        const refusal = error as DomainError;
        expect(refusal.kind).toBe('rule');
        expect(refusal.errors.map((e) => e.field)).toEqual(['name', 'hours', 'place']);
        expect(refusal.message).toContain('培训项目名称不能为空');
        return true;
      });
  });

  it('refuses a second submission of the same stream and task commands on an unknown project', () => {
    as(unitAdmin)
      .given(run([], unitAdmin, submit()))
      .when(submit())
      .thenThrows('TRAINING_PROJECT.ALREADY_SUBMITTED');
    as(unitAdmin2)
      .given([])
      .when({ type: 'flow', command: { type: 'approve', activation: 1 } })
      .thenThrows('TRAINING_PROJECT.NOT_FOUND');
  });
});

describe('training project withdraw and resubmit', () => {
  const returned = () =>
    run(approveBy(run([], unitAdmin, submit()), unitAdmin2), departmentReviewer, {
      type: 'flow',
      command: { type: 'return', activation: 2, reason: '学时与课程安排不符', to: 'applicant' },
    });

  it('amends a returned project on resubmission and reopens the chain from the first step', () => {
    as(unitAdmin)
      .given(returned())
      .when({ type: 'resubmit', changes: { hours: 16, name: '信息技术应用能力提升培训（修订）' } })
      .thenState((state, events) => {
        expect(events.map((e) => e.type)).toEqual(['training-project.amended.v1', 'approval.resubmitted.v1']);
        expect(state.project).toMatchObject({
          hours: 16,
          name: '信息技术应用能力提升培训（修订）',
          cityWide: false,
        });
        expect(projectStatus(state)).toBe('in_review');
        expect(state.flow.steps.map((s) => s.decision)).toEqual(['pending', 'pending', 'pending']);
      });
  });

  it('checks the amended project and lets only the submitter resubmit, only when returned', () => {
    as(unitAdmin)
      .given(returned())
      .when({ type: 'resubmit', changes: { hours: 3.2 } })
      .thenThrows('TRAINING_PROJECT.HOURS_NOT_IN_STEPS');
    as(unitAdmin2)
      .given(returned())
      .when({ type: 'resubmit', changes: { hours: 16 } })
      .thenThrows('APPROVAL.APPLICANT_ONLY');
    as(unitAdmin)
      .given(run([], unitAdmin, submit()))
      .when({ type: 'resubmit', changes: { hours: 16 } })
      .thenThrows('APPROVAL.NOT_RETURNED');
  });

  it('lets the submitter withdraw before any decision, not after one', () => {
    as(unitAdmin)
      .given(run([], unitAdmin, submit()))
      .when({ type: 'flow', command: { type: 'withdraw' } })
      .thenState((state) => expect(projectStatus(state)).toBe('withdrawn'));
    as(unitAdmin)
      .given(approveBy(run([], unitAdmin, submit()), unitAdmin2))
      .when({ type: 'flow', command: { type: 'withdraw' } })
      .thenThrows('APPROVAL.CANNOT_WITHDRAW');
  });
});
