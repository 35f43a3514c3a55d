import fc from 'fast-check';
import { type Actor, type Decider, DomainError, type Role, specificationFor } from '@ce/kernel';
import {
  decideFlow,
  eligibility,
  evolveFlow,
  FLOW_EVENT_TYPES,
  type FlowCommand,
  type FlowContext,
  type FlowEvent,
  type FlowState,
  initialFlowState,
  isFlowEvent,
  openStep,
  parseTaskId,
  ROLE_FOR_LEVEL,
  taskIdOf,
  type TaskSummary,
} from './approval-flow';
import type { ResolvedStep } from './chain-policy';

// ---------------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------------

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = '2020-10-12T02:00:00.000Z';
/** `hours` after `from` (NOW by default), as an ISO instant. */
const later = (hours: number, from = NOW): string => new Date(Date.parse(from) + hours * HOUR).toISOString();
/** A deterministic due date: five calendar days after the task opens. */
const dueAt = (opensAt: string): string => new Date(Date.parse(opensAt) + 5 * DAY).toISOString();
const DUE = dueAt(NOW);

const actor = (userId: string, orgId: string, ...roles: Role[]): Actor => ({ userId, orgId, roles });

/** The person whose hours are claimed (a plain account of the unit). */
const applicant = actor('u-person', 'org-unit', 'person');
/** A second account of the applicant (listed in applicantUserIds). */
const applicantAdmin = actor('u-person-admin', 'org-unit', 'person', 'unit_admin');
const unitAdmin = actor('u-unit-admin', 'org-unit', 'unit_admin');
const unitAdmin2 = actor('u-unit-admin-2', 'org-unit', 'unit_admin');
/** Of the unit, but with a department reviewer's role only. */
const unitClerk = actor('u-unit-clerk', 'org-unit', 'department_reviewer');
const deptReviewer = actor('u-dept', 'org-dept', 'department_reviewer');
const deptReviewer2 = actor('u-dept-2', 'org-dept', 'department_reviewer');
const districtReviewer = actor('u-district', 'org-district', 'district_reviewer');
const cityReviewer = actor('u-city', 'org-city', 'city_reviewer');
/** Has every reviewer role, but in an organisation outside the chain. */
const outsider = actor(
  'u-outsider',
  'org-other',
  'unit_admin',
  'department_reviewer',
  'district_reviewer',
  'city_reviewer',
);

const STEPS: readonly ResolvedStep[] = [
  { level: 'unit', orgId: 'org-unit' },
  { level: 'department', orgId: 'org-dept' },
  { level: 'district', orgId: 'org-district' },
];

const SUMMARY: TaskSummary = {
  title: '2020 年度继续教育学时登记',
  applicantName: '张三',
  year: 2020,
  hours: 24,
  districtId: 'org-district',
  personId: 'p-1',
};

const ctxOf = (who: Actor, now = NOW, urgeIntervalHours?: number): FlowContext => ({
  actor: who,
  now,
  dueAt,
  ...(urgeIntervalHours === undefined ? {} : { urgeIntervalHours }),
});

const deciderAs = (who: Actor, now = NOW): Decider<FlowCommand, FlowEvent, FlowState> => ({
  decide: (command, state) => decideFlow(command, state, ctxOf(who, now)),
  evolve: evolveFlow,
  initialState: initialFlowState,
});

/** Given/when/then with `who` acting at `now`. */
const as = (who: Actor, now = NOW) => specificationFor(deciderAs(who, now));

const fold = (events: readonly FlowEvent[], from: FlowState = initialFlowState()): FlowState =>
  events.reduce((state, event) => evolveFlow(state, event), from);

type Turn = readonly [who: Actor, command: FlowCommand, now?: string];

/** Runs the commands in order, each decided on the state the previous ones produced; all the events. */
function history(...turns: Turn[]): FlowEvent[] {
  const events: FlowEvent[] = [];
  let state = initialFlowState();
  for (const [who, command, now] of turns) {
    const produced = decideFlow(command, state, ctxOf(who, now));
    events.push(...produced);
    state = fold(produced, state);
  }
  return events;
}

const stateAfter = (...turns: Turn[]): FlowState => fold(history(...turns));

/** The DomainError `run` throws (anything else is rethrown; no throw fails the test). */
function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the command to be refused');
}

const submit = (
  steps: readonly ResolvedStep[] = STEPS,
  applicantUserIds: readonly string[] = [],
): FlowCommand => ({
  type: 'submit',
  subjectType: 'hour_claim',
  policyVersion: 'yantai-2020.1',
  steps,
  applicantUserIds,
});
const approve = (activation: number, comment?: string): FlowCommand =>
  comment === undefined ? { type: 'approve', activation } : { type: 'approve', activation, comment };
const returnTo = (
  activation: number,
  to: 'applicant' | 'previous',
  reason = '证明材料不全',
): FlowCommand => ({
  type: 'return',
  activation,
  reason,
  to,
});
const reject = (activation: number, reason = '不符合登记条件'): FlowCommand => ({
  type: 'reject',
  activation,
  reason,
});
const withdraw: FlowCommand = { type: 'withdraw' };
const resubmit: FlowCommand = { type: 'resubmit' };
const claim = (activation: number): FlowCommand => ({ type: 'claim', activation });
const release = (activation: number): FlowCommand => ({ type: 'release', activation });
const transfer = (activation: number, to: Actor): FlowCommand => ({ type: 'transfer', activation, to });
const urge: FlowCommand = { type: 'urge' };
const comment = (text: string): FlowCommand => ({ type: 'comment', text });

/** Submitted by the applicant: step 0 (unit) open as activation 1. */
const submitted = (): FlowEvent[] => history([applicant, submit()]);
/** Unit approved: step 1 (department) open as activation 2. */
const atDepartment = (): FlowEvent[] => history([applicant, submit()], [unitAdmin, approve(1)]);
/** Unit and department approved: step 2 (district) open as activation 3. */
const atDistrict = (): FlowEvent[] =>
  history([applicant, submit()], [unitAdmin, approve(1)], [deptReviewer, approve(2)]);
/** Returned to the applicant by the department (activation 2 closed). */
const returnedByDepartment = (): FlowEvent[] =>
  history([applicant, submit()], [unitAdmin, approve(1)], [deptReviewer, returnTo(2, 'applicant')]);

// ---------------------------------------------------------------------------------------------------------
// Task ids
// ---------------------------------------------------------------------------------------------------------

describe('taskIdOf / parseTaskId', () => {
  it.each([
    ['hour-claim-0191a2b3-7c4d-7e5f-8a9b-0c1d2e3f4a5b', 1],
    ['training-project-42', 0],
    ['base-year-org-base-1-2020', 17],
    ['statistics-report-x', 999_999_999],
    ['weird~stream~id', 3],
  ])('round-trips %s at activation %i', (streamId, activation) => {
    const taskId = taskIdOf(streamId, activation);
    expect(taskId).toBe(`${streamId}~${activation}`);
    expect(parseTaskId(taskId)).toEqual({ streamId, activation });
  });

  it.each([
    '',
    'hour-claim-1',
    'hour-claim-1~',
    '~3',
    'hour-claim-1~x',
    'hour-claim-1~-1',
    'hour-claim-1~1.5',
    'hour-claim-1~ 3',
    'hour-claim-1~3 ',
    'hour-claim-1~1234567890',
    'hour-claim-1-3',
  ])('refuses the malformed id %j', (taskId) => {
    expect(parseTaskId(taskId)).toBeNull();
  });

  it('round-trips any stream id and activation (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 0, max: 999_999_999 }), (streamId, n) => {
        expect(parseTaskId(taskIdOf(streamId, n))).toEqual({ streamId, activation: n });
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------------------

describe('vocabulary', () => {
  it('maps each level to the role that decides it', () => {
    expect(ROLE_FOR_LEVEL).toEqual({
      unit: 'unit_admin',
      department: 'department_reviewer',
      district: 'district_reviewer',
      city: 'city_reviewer',
      base: 'base_operator',
    });
  });

  it('recognises flow events and nothing else', () => {
    expect(FLOW_EVENT_TYPES).toHaveLength(11);
    for (const type of FLOW_EVENT_TYPES) expect(isFlowEvent({ type })).toBe(true);
    expect(isFlowEvent({ type: 'hour-claim.submitted.v1' })).toBe(false);
    expect(isFlowEvent({ type: 'approval.submitted.v2' })).toBe(false);
  });

  it('starts empty', () => {
    expect(initialFlowState()).toEqual({
      status: 'none',
      subjectType: null,
      policyVersion: null,
      steps: [],
      current: null,
      activation: 0,
      dueAt: null,
      submittedBy: null,
      applicantUserIds: [],
      decidedStep: {},
      claimedBy: null,
      lastUrgedAt: null,
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// submit
// ---------------------------------------------------------------------------------------------------------

describe('submit', () => {
  it('opens the first level of unit → department → district', () => {
    as(applicant)
      .given([])
      .when(submit(STEPS, ['u-person', 'u-person-admin']))
      .then([
        {
          type: 'approval.submitted.v1',
          data: {
            subjectType: 'hour_claim',
            policyVersion: 'yantai-2020.1',
            steps: [
              { level: 'unit', orgId: 'org-unit' },
              { level: 'department', orgId: 'org-dept' },
              { level: 'district', orgId: 'org-district' },
            ],
            submittedBy: 'u-person',
            applicantUserIds: ['u-person', 'u-person-admin'],
            at: NOW,
            current: 0,
            activation: 1,
            dueAt: DUE,
          },
        },
      ]);
  });

  it('puts the flow in review with every level pending and the policy version pinned', () => {
    as(unitAdmin)
      .given([])
      .when(submit(STEPS, ['u-person']))
      .thenState((state) => {
        expect(state).toEqual({
          status: 'in_review',
          subjectType: 'hour_claim',
          policyVersion: 'yantai-2020.1',
          steps: [
            { level: 'unit', orgId: 'org-unit', decision: 'pending' },
            { level: 'department', orgId: 'org-dept', decision: 'pending' },
            { level: 'district', orgId: 'org-district', decision: 'pending' },
          ],
          current: 0,
          activation: 1,
          dueAt: DUE,
          submittedBy: 'u-unit-admin',
          applicantUserIds: ['u-unit-admin', 'u-person'],
          decidedStep: {},
          claimedBy: null,
          lastUrgedAt: null,
        });
        expect(openStep(state, 1)).toBe(0);
      });
  });

  it('carries the inbox summary when one is given, and none otherwise', () => {
    const command: FlowCommand = {
      type: 'submit',
      subjectType: 'hour_claim',
      policyVersion: 'yantai-2020.1',
      steps: STEPS,
      applicantUserIds: [],
      summary: SUMMARY,
    };
    const [withSummary] = decideFlow(command, initialFlowState(), ctxOf(applicant));
    expect(withSummary?.data).toMatchObject({ summary: SUMMARY });
    const [without] = decideFlow(submit(), initialFlowState(), ctxOf(applicant));
    expect(without?.data).not.toHaveProperty('summary');
  });

  it('copies only level and orgId of the resolved steps', () => {
    const extra = [{ level: 'unit', orgId: 'org-unit', note: 'x' }] as unknown as ResolvedStep[];
    const [event] = decideFlow(submit(extra), initialFlowState(), ctxOf(applicant));
    expect(event?.type === 'approval.submitted.v1' && event.data.steps).toEqual([
      { level: 'unit', orgId: 'org-unit' },
    ]);
  });

  it('marks a skipped first level and opens the first level that exists', () => {
    const steps: ResolvedStep[] = [
      { level: 'unit', orgId: null },
      { level: 'department', orgId: 'org-dept' },
      { level: 'district', orgId: 'org-district' },
    ];
    as(applicant)
      .given([])
      .when(submit(steps))
      .thenState((state, events) => {
        expect(events[0]?.data).toMatchObject({ current: 1, activation: 1, dueAt: DUE });
        expect(state.status).toBe('in_review');
        expect(state.current).toBe(1);
        expect(state.steps.map((s) => s.decision)).toEqual(['skipped', 'pending', 'pending']);
      });
  });

  it('skips a level in the middle (an enterprise without a department): unit → district', () => {
    const steps: ResolvedStep[] = [
      { level: 'unit', orgId: 'org-unit' },
      { level: 'department', orgId: null },
      { level: 'district', orgId: 'org-district' },
    ];
    const events = history([applicant, submit(steps)]);
    const state = fold(events);
    expect(state.current).toBe(0);
    expect(state.steps.map((s) => s.decision)).toEqual(['pending', 'skipped', 'pending']);

    as(unitAdmin)
      .given(events)
      .when(approve(1))
      .thenState((next, produced) => {
        expect(produced[0]?.data).toMatchObject({ step: 0, current: 2, activation: 2, dueAt: DUE });
        expect(next.current).toBe(2);
        expect(next.steps.map((s) => s.decision)).toEqual(['approved', 'skipped', 'pending']);
      });
    as(deptReviewer).given(events).when(approve(1)).thenThrows('APPROVAL.NOT_YOUR_ORGANISATION');
  });

  it('approves at once when every level is skipped', () => {
    const steps: ResolvedStep[] = [
      { level: 'unit', orgId: null },
      { level: 'department', orgId: null },
    ];
    as(applicant)
      .given([])
      .when(submit(steps))
      .thenState((state, events) => {
        expect(events[0]?.data).toMatchObject({ current: null, activation: 0, dueAt: null });
        expect(state.status).toBe('approved');
        expect(state.current).toBeNull();
        expect(state.dueAt).toBeNull();
        expect(state.activation).toBe(0);
        expect(state.steps.map((s) => s.decision)).toEqual(['skipped', 'skipped']);
      });
  });

  it('approves at once when the chain is empty', () => {
    expect(stateAfter([applicant, submit([])]).status).toBe('approved');
  });

  it('counts the opening as an activation', () => {
    expect(initialFlowState().activation).toBe(0);
    expect(stateAfter([applicant, submit()]).activation).toBe(1);
  });

  it.each<[string, () => FlowEvent[]]>([
    ['in review', submitted],
    ['returned', returnedByDepartment],
    ['approved', () => history([applicant, submit([])])],
    ['withdrawn', () => history([applicant, submit()], [applicant, withdraw])],
    ['rejected', () => history([applicant, submit()], [unitAdmin, reject(1)])],
  ])('refuses a second submission when %s (ALREADY_SUBMITTED, conflict)', (_, given) => {
    as(applicant).given(given()).when(submit()).thenThrows('APPROVAL.ALREADY_SUBMITTED');
    const error = refusal(() => decideFlow(submit(), fold(given()), ctxOf(applicant)));
    expect(error.kind).toBe('conflict');
  });
});

// ---------------------------------------------------------------------------------------------------------
// approve
// ---------------------------------------------------------------------------------------------------------

describe('approve', () => {
  it('walks unit → department → district to approved, keeping who, when and the comment', () => {
    const t1 = later(1);
    const t2 = later(26);
    const t3 = later(50);

    as(unitAdmin, t1)
      .given(submitted())
      .when(approve(1, '情况属实'))
      .then([
        {
          type: 'approval.step-approved.v1',
          data: {
            step: 0,
            by: 'u-unit-admin',
            at: t1,
            comment: '情况属实',
            current: 1,
            activation: 2,
            dueAt: dueAt(t1),
          },
        },
      ]);
    const e1 = history([applicant, submit()], [unitAdmin, approve(1, '情况属实'), t1]);

    as(deptReviewer, t2)
      .given(e1)
      .when(approve(2))
      .then([
        {
          type: 'approval.step-approved.v1',
          data: { step: 1, by: 'u-dept', at: t2, current: 2, activation: 3, dueAt: dueAt(t2) },
        },
      ]);
    const e2 = [...e1, ...decideFlow(approve(2), fold(e1), ctxOf(deptReviewer, t2))];

    as(districtReviewer, t3)
      .given(e2)
      .when(approve(3, '同意'))
      .then([
        {
          type: 'approval.step-approved.v1',
          data: {
            step: 2,
            by: 'u-district',
            at: t3,
            comment: '同意',
            current: null,
            activation: 3,
            dueAt: null,
          },
        },
      ]);

    as(districtReviewer, t3)
      .given(e2)
      .when(approve(3, '同意'))
      .thenState((state) => {
        expect(state.status).toBe('approved');
        expect(state.current).toBeNull();
        expect(state.dueAt).toBeNull();
        expect(state.activation).toBe(3);
        expect(state.claimedBy).toBeNull();
        expect(state.steps).toEqual([
          {
            level: 'unit',
            orgId: 'org-unit',
            decision: 'approved',
            by: 'u-unit-admin',
            at: t1,
            comment: '情况属实',
          },
          { level: 'department', orgId: 'org-dept', decision: 'approved', by: 'u-dept', at: t2 },
          {
            level: 'district',
            orgId: 'org-district',
            decision: 'approved',
            by: 'u-district',
            at: t3,
            comment: '同意',
          },
        ]);
        expect(state.decidedStep).toEqual({ 'u-unit-admin': 0, 'u-dept': 1, 'u-district': 2 });
      });
  });

  it('leaves out an empty comment', () => {
    const [event] = decideFlow(approve(1, ''), fold(submitted()), ctxOf(unitAdmin));
    expect(event?.data).not.toHaveProperty('comment');
    expect(fold([event as FlowEvent], fold(submitted())).steps[0]).not.toHaveProperty('comment');
  });

  it('ends with the city bureau for a city-direct chain', () => {
    const steps: ResolvedStep[] = [
      { level: 'unit', orgId: 'org-unit' },
      { level: 'department', orgId: 'org-dept' },
      { level: 'city', orgId: 'org-city' },
    ];
    const state = stateAfter(
      [applicant, submit(steps)],
      [unitAdmin, approve(1)],
      [deptReviewer, approve(2)],
      [cityReviewer, approve(3)],
    );
    expect(state.status).toBe('approved');
    expect(state.steps.map((s) => s.by)).toEqual(['u-unit-admin', 'u-dept', 'u-city']);
  });

  it.each([
    ['a closed activation', 0],
    ['a future activation', 2],
    ['a far-off activation', 99],
  ])('refuses %s as no longer open (TASK_NOT_OPEN, conflict)', (_, activation) => {
    as(unitAdmin).given(submitted()).when(approve(activation)).thenThrows('APPROVAL.TASK_NOT_OPEN');
    expect(refusal(() => decideFlow(approve(activation), fold(submitted()), ctxOf(unitAdmin))).kind).toBe(
      'conflict',
    );
  });

  it('refuses the task of a level that has already moved on (stale activation)', () => {
    as(unitAdmin).given(atDepartment()).when(approve(1)).thenThrows('APPROVAL.TASK_NOT_OPEN');
    as(deptReviewer).given(atDepartment()).when(approve(1)).thenThrows('APPROVAL.TASK_NOT_OPEN');
  });

  it('refuses before anything was submitted', () => {
    as(unitAdmin).given([]).when(approve(0)).thenThrows('APPROVAL.TASK_NOT_OPEN');
    as(unitAdmin).given([]).when(approve(1)).thenThrows('APPROVAL.TASK_NOT_OPEN');
  });

  it.each<[string, Actor]>([
    ['a department reviewer', deptReviewer],
    ['a district reviewer', districtReviewer],
    ['someone with the role in another organisation', outsider],
  ])('refuses %s on the unit step (NOT_YOUR_ORGANISATION, forbidden)', (_, who) => {
    as(who).given(submitted()).when(approve(1)).thenThrows('APPROVAL.NOT_YOUR_ORGANISATION');
    expect(refusal(() => decideFlow(approve(1), fold(submitted()), ctxOf(who))).kind).toBe('forbidden');
  });

  it('refuses the unit admin on the department step (NOT_YOUR_ORGANISATION)', () => {
    as(unitAdmin2).given(atDepartment()).when(approve(2)).thenThrows('APPROVAL.NOT_YOUR_ORGANISATION');
  });

  it.each<[string, Actor]>([
    ['a department reviewer of the unit', unitClerk],
    ['a plain person of the unit', actor('u-colleague', 'org-unit', 'person')],
    ['an auditor of the unit', actor('u-auditor', 'org-unit', 'auditor', 'admin')],
  ])('refuses %s on the unit step (ROLE_REQUIRED, forbidden)', (_, who) => {
    as(who).given(submitted()).when(approve(1)).thenThrows('APPROVAL.ROLE_REQUIRED');
    expect(refusal(() => decideFlow(approve(1), fold(submitted()), ctxOf(who))).kind).toBe('forbidden');
  });

  it('refuses the submitter, even with the level’s role (SEPARATION_OF_DUTIES)', () => {
    const onBehalf = history([unitAdmin, submit(STEPS, ['u-person'])]);
    as(unitAdmin).given(onBehalf).when(approve(1)).thenThrows('APPROVAL.SEPARATION_OF_DUTIES');
    as(unitAdmin2)
      .given(onBehalf)
      .when(approve(1))
      .then(decideFlow(approve(1), fold(onBehalf), ctxOf(unitAdmin2)));
    expect(refusal(() => decideFlow(approve(1), fold(onBehalf), ctxOf(unitAdmin))).kind).toBe('forbidden');
  });

  it('refuses an applicant account, even with the level’s role (SEPARATION_OF_DUTIES)', () => {
    const given = history([applicant, submit(STEPS, ['u-person-admin'])]);
    as(applicantAdmin).given(given).when(approve(1)).thenThrows('APPROVAL.SEPARATION_OF_DUTIES');
    as(applicantAdmin).given(given).when(reject(1)).thenThrows('APPROVAL.SEPARATION_OF_DUTIES');
    as(applicantAdmin)
      .given(given)
      .when(returnTo(1, 'applicant'))
      .thenThrows('APPROVAL.SEPARATION_OF_DUTIES');
  });

  describe('nobody decides two steps of one flow', () => {
    /** Unit and department are the same organisation; `dual` holds both roles there. */
    const sameOrg: ResolvedStep[] = [
      { level: 'unit', orgId: 'org-unit' },
      { level: 'department', orgId: 'org-unit' },
      { level: 'district', orgId: 'org-district' },
    ];
    const dual = actor('u-dual', 'org-unit', 'unit_admin', 'department_reviewer');
    const afterDualApprovedUnit = (): FlowEvent[] =>
      history([applicant, submit(sameOrg)], [dual, approve(1)]);

    it('refuses a user who approved step 0 on step 1 (SEPARATION_OF_DUTIES)', () => {
      expect(eligibility(fold(afterDualApprovedUnit()), dual)).toMatchObject({
        ok: false,
        code: 'APPROVAL.SEPARATION_OF_DUTIES',
      });
      for (const command of [
        approve(2),
        reject(2),
        returnTo(2, 'applicant'),
        returnTo(2, 'previous'),
        claim(2),
      ]) {
        as(dual).given(afterDualApprovedUnit()).when(command).thenThrows('APPROVAL.SEPARATION_OF_DUTIES');
      }
    });

    it('lets another holder of the department role decide step 1', () => {
      as(unitClerk)
        .given(afterDualApprovedUnit())
        .when(approve(2))
        .thenState((state) => expect(state.current).toBe(2));
    });

    it('refuses a user who returned step 1 to the previous step on step 0', () => {
      const given = history(
        [applicant, submit(sameOrg)],
        [unitAdmin, approve(1)],
        [dual, returnTo(2, 'previous')],
      );
      expect(fold(given).current).toBe(0);
      as(dual).given(given).when(approve(3)).thenThrows('APPROVAL.SEPARATION_OF_DUTIES');
      as(unitAdmin)
        .given(given)
        .when(approve(3))
        .thenState((state) => expect(state.current).toBe(1));
    });
  });

  it('clears the claim when the next level opens', () => {
    const given = history([applicant, submit()], [unitAdmin, claim(1)]);
    expect(fold(given).claimedBy).toBe('u-unit-admin');
    as(unitAdmin)
      .given(given)
      .when(approve(1))
      .thenState((state) => expect(state.claimedBy).toBeNull());
  });

  it('refuses anything once approved', () => {
    const approved = history(
      [applicant, submit()],
      [unitAdmin, approve(1)],
      [deptReviewer, approve(2)],
      [districtReviewer, approve(3)],
    );
    as(districtReviewer).given(approved).when(approve(3)).thenThrows('APPROVAL.TASK_NOT_OPEN');
    as(districtReviewer).given(approved).when(reject(3)).thenThrows('APPROVAL.TASK_NOT_OPEN');
    as(applicant).given(approved).when(withdraw).thenThrows('APPROVAL.CANNOT_WITHDRAW');
    as(applicant).given(approved).when(resubmit).thenThrows('APPROVAL.NOT_RETURNED');
  });
});

// ---------------------------------------------------------------------------------------------------------
// return
// ---------------------------------------------------------------------------------------------------------

describe('return', () => {
  it('to the applicant: the flow is returned, no task is open', () => {
    const t = later(3);
    as(deptReviewer, t)
      .given(atDepartment())
      .when(returnTo(2, 'applicant', '缺少证书'))
      .then([
        {
          type: 'approval.returned.v1',
          data: {
            step: 1,
            by: 'u-dept',
            at: t,
            reason: '缺少证书',
            to: 'applicant',
            current: null,
            activation: 2,
            dueAt: null,
          },
        },
      ]);
    as(deptReviewer, t)
      .given(atDepartment())
      .when(returnTo(2, 'applicant', '缺少证书'))
      .thenState((state) => {
        expect(state.status).toBe('returned');
        expect(state.current).toBeNull();
        expect(state.dueAt).toBeNull();
        expect(state.activation).toBe(2);
        expect(state.steps[0]).toMatchObject({ decision: 'approved', by: 'u-unit-admin' });
        expect(state.steps[1]).toEqual({
          level: 'department',
          orgId: 'org-dept',
          decision: 'returned',
          by: 'u-dept',
          at: t,
          comment: '缺少证书',
        });
        expect(state.steps[2]?.decision).toBe('pending');
        expect(openStep(state, 2)).toBeNull();
      });
  });

  it('to the previous step: that step is pending again as a new task, the flow stays in review', () => {
    const t = later(3);
    as(deptReviewer, t)
      .given(atDepartment())
      .when(returnTo(2, 'previous', '请单位复核'))
      .then([
        {
          type: 'approval.returned.v1',
          data: {
            step: 1,
            by: 'u-dept',
            at: t,
            reason: '请单位复核',
            to: 'previous',
            current: 0,
            activation: 3,
            dueAt: dueAt(t),
          },
        },
      ]);
    as(deptReviewer, t)
      .given(atDepartment())
      .when(returnTo(2, 'previous', '请单位复核'))
      .thenState((state) => {
        expect(state.status).toBe('in_review');
        expect(state.current).toBe(0);
        expect(state.activation).toBe(3);
        expect(state.dueAt).toBe(dueAt(t));
        expect(state.steps[0]).toEqual({ level: 'unit', orgId: 'org-unit', decision: 'pending' });
        expect(state.steps[1]).toMatchObject({ decision: 'returned', by: 'u-dept', comment: '请单位复核' });
        expect(openStep(state, 3)).toBe(0);
        expect(openStep(state, 2)).toBeNull();
      });
  });

  it('to the previous step: the old task is closed, the reopened one is decided again', () => {
    const given = history(
      [applicant, submit()],
      [unitAdmin, approve(1)],
      [deptReviewer, returnTo(2, 'previous')],
    );
    as(deptReviewer).given(given).when(approve(2)).thenThrows('APPROVAL.TASK_NOT_OPEN');
    as(unitAdmin).given(given).when(approve(2)).thenThrows('APPROVAL.TASK_NOT_OPEN');
    as(deptReviewer).given(given).when(approve(3)).thenThrows('APPROVAL.NOT_YOUR_ORGANISATION');

    const reapproved = [...given, ...decideFlow(approve(3, '已复核'), fold(given), ctxOf(unitAdmin))];
    const state = fold(reapproved);
    expect(state.current).toBe(1);
    expect(state.activation).toBe(4);
    expect(state.steps[0]).toMatchObject({ decision: 'approved', by: 'u-unit-admin', comment: '已复核' });
    as(deptReviewer)
      .given(reapproved)
      .when(approve(4))
      .thenState((next) => expect(next.current).toBe(2));
  });

  it('to the previous step: the step that returned is pending again when its task reopens', () => {
    const state = stateAfter(
      [applicant, submit()],
      [unitAdmin, approve(1)],
      [deptReviewer, returnTo(2, 'previous')],
      [unitAdmin, approve(3)],
    );
    expect(state.current).toBe(1);
    expect(state.steps[1]).toEqual({ level: 'department', orgId: 'org-dept', decision: 'pending' });
  });

  it('to the previous step from the first step falls back to the applicant', () => {
    as(unitAdmin)
      .given(submitted())
      .when(returnTo(1, 'previous'))
      .thenState((state, events) => {
        expect(events[0]?.data).toMatchObject({ step: 0, to: 'applicant', current: null, activation: 1 });
        expect(state.status).toBe('returned');
        expect(state.current).toBeNull();
        expect(state.steps[0]?.decision).toBe('returned');
      });
  });

  it('to the previous step jumps over a skipped level', () => {
    const steps: ResolvedStep[] = [
      { level: 'unit', orgId: 'org-unit' },
      { level: 'department', orgId: null },
      { level: 'district', orgId: 'org-district' },
    ];
    const given = history([applicant, submit(steps)], [unitAdmin, approve(1)]);
    as(districtReviewer)
      .given(given)
      .when(returnTo(2, 'previous'))
      .thenState((state, events) => {
        expect(events[0]?.data).toMatchObject({ step: 2, to: 'previous', current: 0, activation: 3 });
        expect(state.steps.map((s) => s.decision)).toEqual(['pending', 'skipped', 'returned']);
      });
  });

  it('to the previous step when only skipped levels precede falls back to the applicant', () => {
    const steps: ResolvedStep[] = [
      { level: 'unit', orgId: null },
      { level: 'department', orgId: 'org-dept' },
    ];
    as(deptReviewer)
      .given(history([applicant, submit(steps)]))
      .when(returnTo(1, 'previous'))
      .thenState((state, events) => {
        expect(events[0]?.data).toMatchObject({ step: 1, to: 'applicant', current: null });
        expect(state.status).toBe('returned');
      });
  });

  it.each(['', '   ', '\n\t'])('requires a reason (%j → REASON_REQUIRED, rule)', (reason) => {
    as(deptReviewer)
      .given(atDepartment())
      .when(returnTo(2, 'applicant', reason))
      .thenThrows('APPROVAL.REASON_REQUIRED');
    as(deptReviewer)
      .given(atDepartment())
      .when(returnTo(2, 'previous', reason))
      .thenThrows('APPROVAL.REASON_REQUIRED');
    expect(
      refusal(() => decideFlow(returnTo(2, 'applicant', reason), fold(atDepartment()), ctxOf(deptReviewer)))
        .kind,
    ).toBe('rule');
  });

  it('is refused to those who may not decide the step', () => {
    as(outsider)
      .given(atDepartment())
      .when(returnTo(2, 'applicant'))
      .thenThrows('APPROVAL.NOT_YOUR_ORGANISATION');
    as(applicant)
      .given(atDepartment())
      .when(returnTo(2, 'applicant'))
      .thenThrows('APPROVAL.NOT_YOUR_ORGANISATION');
    as(deptReviewer)
      .given(atDepartment())
      .when(returnTo(1, 'applicant'))
      .thenThrows('APPROVAL.TASK_NOT_OPEN');
  });

  it('checks the task before the reason', () => {
    as(deptReviewer)
      .given(atDepartment())
      .when(returnTo(1, 'applicant', ''))
      .thenThrows('APPROVAL.TASK_NOT_OPEN');
  });
});

// ---------------------------------------------------------------------------------------------------------
// reject
// ---------------------------------------------------------------------------------------------------------

describe('reject', () => {
  const rejected = (): FlowEvent[] => [
    ...atDepartment(),
    ...decideFlow(reject(2, '不属于继续教育'), fold(atDepartment()), ctxOf(deptReviewer, later(2))),
  ];

  it('is terminal', () => {
    const t = later(2);
    as(deptReviewer, t)
      .given(atDepartment())
      .when(reject(2, '不属于继续教育'))
      .then([
        { type: 'approval.rejected.v1', data: { step: 1, by: 'u-dept', at: t, reason: '不属于继续教育' } },
      ]);
    const state = fold(rejected());
    expect(state.status).toBe('rejected');
    expect(state.current).toBeNull();
    expect(state.dueAt).toBeNull();
    expect(state.claimedBy).toBeNull();
    expect(state.activation).toBe(2);
    expect(state.steps[1]).toEqual({
      level: 'department',
      orgId: 'org-dept',
      decision: 'rejected',
      by: 'u-dept',
      at: t,
      comment: '不属于继续教育',
    });
    expect(state.decidedStep['u-dept']).toBe(1);
  });

  it.each(['', '  '])('requires a reason (%j → REASON_REQUIRED)', (reason) => {
    as(deptReviewer).given(atDepartment()).when(reject(2, reason)).thenThrows('APPROVAL.REASON_REQUIRED');
  });

  it.each<[string, Actor, FlowCommand, string]>([
    ['approve', deptReviewer, approve(2), 'APPROVAL.TASK_NOT_OPEN'],
    ['approve a later activation', districtReviewer, approve(3), 'APPROVAL.TASK_NOT_OPEN'],
    ['return', deptReviewer, returnTo(2, 'applicant'), 'APPROVAL.TASK_NOT_OPEN'],
    ['reject', deptReviewer, reject(2), 'APPROVAL.TASK_NOT_OPEN'],
    ['claim', deptReviewer, claim(2), 'APPROVAL.TASK_NOT_OPEN'],
    ['release', deptReviewer, release(2), 'APPROVAL.TASK_NOT_OPEN'],
    ['transfer', deptReviewer, transfer(2, deptReviewer2), 'APPROVAL.TASK_NOT_OPEN'],
    ['withdraw', applicant, withdraw, 'APPROVAL.CANNOT_WITHDRAW'],
    ['resubmit', applicant, resubmit, 'APPROVAL.NOT_RETURNED'],
    ['urge', applicant, urge, 'APPROVAL.NOT_IN_REVIEW'],
    ['submit', applicant, submit(), 'APPROVAL.ALREADY_SUBMITTED'],
  ])('leaves nothing to decide afterwards: %s is refused', (_, who, command, code) => {
    as(who).given(rejected()).when(command).thenThrows(code);
  });

  it('still takes comments afterwards', () => {
    expect(decideFlow(comment('知悉'), fold(rejected()), ctxOf(applicant))).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------------------
// withdraw
// ---------------------------------------------------------------------------------------------------------

describe('withdraw', () => {
  it('by the applicant while no step has decided', () => {
    const t = later(1);
    as(applicant, t)
      .given(submitted())
      .when(withdraw)
      .then([{ type: 'approval.withdrawn.v1', data: { by: 'u-person', at: t } }]);
    as(applicant, t)
      .given(submitted())
      .when(withdraw)
      .thenState((state) => {
        expect(state.status).toBe('withdrawn');
        expect(state.current).toBeNull();
        expect(state.dueAt).toBeNull();
        expect(state.claimedBy).toBeNull();
        expect(openStep(state, 1)).toBeNull();
      });
  });

  it('by another applicant account', () => {
    const given = history([unitAdmin, submit(STEPS, ['u-person'])]);
    as(applicant)
      .given(given)
      .when(withdraw)
      .thenState((state) => expect(state.status).toBe('withdrawn'));
    as(unitAdmin)
      .given(given)
      .when(withdraw)
      .thenState((state) => expect(state.status).toBe('withdrawn'));
  });

  it('while the task is claimed but not decided', () => {
    const given = history([applicant, submit()], [unitAdmin, claim(1)]);
    as(applicant)
      .given(given)
      .when(withdraw)
      .thenState((state) => {
        expect(state.status).toBe('withdrawn');
        expect(state.claimedBy).toBeNull();
      });
  });

  it('with a skipped level and nothing decided', () => {
    const steps: ResolvedStep[] = [
      { level: 'unit', orgId: null },
      { level: 'department', orgId: 'org-dept' },
    ];
    as(applicant)
      .given(history([applicant, submit(steps)]))
      .when(withdraw)
      .then([{ type: 'approval.withdrawn.v1', data: { by: 'u-person', at: NOW } }]);
  });

  it('is refused once a step has approved (CANNOT_WITHDRAW, conflict)', () => {
    as(applicant).given(atDepartment()).when(withdraw).thenThrows('APPROVAL.CANNOT_WITHDRAW');
    as(applicant).given(atDistrict()).when(withdraw).thenThrows('APPROVAL.CANNOT_WITHDRAW');
    expect(refusal(() => decideFlow(withdraw, fold(atDepartment()), ctxOf(applicant))).kind).toBe('conflict');
  });

  it('is refused once a step has returned to the previous one', () => {
    const given = history(
      [applicant, submit()],
      [unitAdmin, approve(1)],
      [deptReviewer, returnTo(2, 'previous')],
    );
    as(applicant).given(given).when(withdraw).thenThrows('APPROVAL.CANNOT_WITHDRAW');
  });

  it('is allowed when returned to the applicant', () => {
    as(applicant)
      .given(returnedByDepartment())
      .when(withdraw)
      .thenState((state) => expect(state.status).toBe('withdrawn'));
  });

  it('is allowed after a resubmission, before anyone decides again', () => {
    const given = [
      ...returnedByDepartment(),
      ...decideFlow(resubmit, fold(returnedByDepartment()), ctxOf(applicant)),
    ];
    as(applicant)
      .given(given)
      .when(withdraw)
      .thenState((state) => expect(state.status).toBe('withdrawn'));
  });

  it.each<[string, Actor]>([
    ['the unit admin', unitAdmin],
    ['a reviewer of the chain', deptReviewer],
    ['an outsider', outsider],
  ])('is refused to %s (APPLICANT_ONLY, forbidden)', (_, who) => {
    as(who).given(submitted()).when(withdraw).thenThrows('APPROVAL.APPLICANT_ONLY');
    expect(refusal(() => decideFlow(withdraw, fold(submitted()), ctxOf(who))).kind).toBe('forbidden');
  });

  it('is refused before submission (nobody is the applicant yet)', () => {
    as(applicant).given([]).when(withdraw).thenThrows('APPROVAL.APPLICANT_ONLY');
  });

  it('is terminal: nothing can be decided or withdrawn again', () => {
    const given = history([applicant, submit()], [applicant, withdraw]);
    as(applicant).given(given).when(withdraw).thenThrows('APPROVAL.CANNOT_WITHDRAW');
    as(applicant).given(given).when(resubmit).thenThrows('APPROVAL.NOT_RETURNED');
    as(applicant).given(given).when(urge).thenThrows('APPROVAL.NOT_IN_REVIEW');
    as(unitAdmin).given(given).when(approve(1)).thenThrows('APPROVAL.TASK_NOT_OPEN');
    as(unitAdmin).given(given).when(claim(1)).thenThrows('APPROVAL.TASK_NOT_OPEN');
  });
});

// ---------------------------------------------------------------------------------------------------------
// resubmit
// ---------------------------------------------------------------------------------------------------------

describe('resubmit', () => {
  it('after a return: in review again, every level pending, a new activation', () => {
    const t = later(48);
    as(applicant, t)
      .given(returnedByDepartment())
      .when(resubmit)
      .then([
        {
          type: 'approval.resubmitted.v1',
          data: { by: 'u-person', at: t, current: 0, activation: 3, dueAt: dueAt(t) },
        },
      ]);
    as(applicant, t)
      .given(returnedByDepartment())
      .when(resubmit)
      .thenState((state) => {
        expect(state.status).toBe('in_review');
        expect(state.current).toBe(0);
        expect(state.activation).toBe(3);
        expect(state.dueAt).toBe(dueAt(t));
        expect(state.claimedBy).toBeNull();
        expect(state.steps).toEqual([
          { level: 'unit', orgId: 'org-unit', decision: 'pending' },
          { level: 'department', orgId: 'org-dept', decision: 'pending' },
          { level: 'district', orgId: 'org-district', decision: 'pending' },
        ]);
      });
  });

  it('carries the amended inbox summary when one is given, and none otherwise', () => {
    const state = fold(returnedByDepartment());
    const amended: TaskSummary = { ...SUMMARY, hours: 30 };
    expect(decideFlow({ type: 'resubmit', summary: amended }, state, ctxOf(applicant))).toEqual([
      {
        type: 'approval.resubmitted.v1',
        data: { by: 'u-person', at: NOW, summary: amended, current: 0, activation: 3, dueAt: DUE },
      },
    ]);
    const [without] = decideFlow(resubmit, state, ctxOf(applicant));
    expect(without?.data).not.toHaveProperty('summary');
  });

  it('keeps skipped levels skipped and opens the first level that exists', () => {
    const steps: ResolvedStep[] = [
      { level: 'unit', orgId: null },
      { level: 'department', orgId: 'org-dept' },
      { level: 'district', orgId: 'org-district' },
    ];
    const state = stateAfter(
      [applicant, submit(steps)],
      [deptReviewer, returnTo(1, 'applicant')],
      [applicant, resubmit],
    );
    expect(state.current).toBe(1);
    expect(state.activation).toBe(2);
    expect(state.steps.map((s) => s.decision)).toEqual(['skipped', 'pending', 'pending']);
  });

  it('closes the tasks of the first round', () => {
    const given = history(
      [applicant, submit()],
      [unitAdmin, approve(1)],
      [deptReviewer, returnTo(2, 'applicant')],
      [applicant, resubmit],
    );
    as(unitAdmin).given(given).when(approve(1)).thenThrows('APPROVAL.TASK_NOT_OPEN');
    as(deptReviewer).given(given).when(approve(2)).thenThrows('APPROVAL.TASK_NOT_OPEN');
    as(unitAdmin)
      .given(given)
      .when(approve(3))
      .thenState((state) => expect(state.current).toBe(1));
  });

  it('lets the user who decided step 0 in round one decide step 0 again', () => {
    const given = history(
      [applicant, submit()],
      [unitAdmin, approve(1)],
      [deptReviewer, returnTo(2, 'applicant')],
      [applicant, resubmit],
    );
    as(unitAdmin)
      .given(given)
      .when(approve(3))
      .thenState((state) => {
        expect(state.steps[0]).toMatchObject({ decision: 'approved', by: 'u-unit-admin' });
        expect(state.decidedStep['u-unit-admin']).toBe(0);
      });
    // ... and the department reviewer who returned step 1 decides step 1 again.
    const round2 = [...given, ...decideFlow(approve(3), fold(given), ctxOf(unitAdmin))];
    as(deptReviewer)
      .given(round2)
      .when(approve(4))
      .thenState((state) => expect(state.current).toBe(2));
  });

  it('still keeps one user to one step across rounds', () => {
    const sameOrg: ResolvedStep[] = [
      { level: 'unit', orgId: 'org-unit' },
      { level: 'department', orgId: 'org-unit' },
    ];
    const dual = actor('u-dual', 'org-unit', 'unit_admin', 'department_reviewer');
    const given = history(
      [applicant, submit(sameOrg)],
      [dual, approve(1)],
      [unitClerk, returnTo(2, 'applicant')],
      [applicant, resubmit],
      [unitAdmin, approve(3)],
    );
    as(dual).given(given).when(approve(4)).thenThrows('APPROVAL.SEPARATION_OF_DUTIES');
    as(unitClerk)
      .given(given)
      .when(approve(4))
      .thenState((state) => expect(state.status).toBe('approved'));
  });

  it.each<[string, () => FlowEvent[]]>([
    ['in review', submitted],
    [
      'in review after a return to the previous step',
      () => history([applicant, submit()], [unitAdmin, approve(1)], [deptReviewer, returnTo(2, 'previous')]),
    ],
    ['approved', () => history([applicant, submit([])])],
    ['rejected', () => history([applicant, submit()], [unitAdmin, reject(1)])],
    ['withdrawn', () => history([applicant, submit()], [applicant, withdraw])],
  ])('is refused when %s (NOT_RETURNED, conflict)', (_, given) => {
    as(applicant).given(given()).when(resubmit).thenThrows('APPROVAL.NOT_RETURNED');
    expect(refusal(() => decideFlow(resubmit, fold(given()), ctxOf(applicant))).kind).toBe('conflict');
  });

  it('is refused to anyone but the applicant (APPLICANT_ONLY)', () => {
    as(deptReviewer).given(returnedByDepartment()).when(resubmit).thenThrows('APPROVAL.APPLICANT_ONLY');
    as(unitAdmin).given(returnedByDepartment()).when(resubmit).thenThrows('APPROVAL.APPLICANT_ONLY');
    as(applicant).given([]).when(resubmit).thenThrows('APPROVAL.APPLICANT_ONLY');
  });
});

// ---------------------------------------------------------------------------------------------------------
// claim, release, transfer
// ---------------------------------------------------------------------------------------------------------

describe('claim', () => {
  const claimed = (): FlowEvent[] => history([applicant, submit()], [unitAdmin, claim(1)]);

  it('takes the task', () => {
    as(unitAdmin)
      .given(submitted())
      .when(claim(1))
      .then([{ type: 'approval.task-claimed.v1', data: { activation: 1, by: 'u-unit-admin', at: NOW } }]);
    expect(fold(claimed()).claimedBy).toBe('u-unit-admin');
    expect(fold(claimed()).current).toBe(0);
  });

  it('keeps other eligible users of the organisation from deciding (TASK_CLAIMED_BY_OTHER, conflict)', () => {
    for (const command of [
      approve(1),
      reject(1),
      returnTo(1, 'applicant'),
      claim(1),
      transfer(1, unitAdmin2),
    ]) {
      as(unitAdmin2).given(claimed()).when(command).thenThrows('APPROVAL.TASK_CLAIMED_BY_OTHER');
    }
    expect(refusal(() => decideFlow(approve(1), fold(claimed()), ctxOf(unitAdmin2))).kind).toBe('conflict');
  });

  it('lets the claimer decide', () => {
    as(unitAdmin)
      .given(claimed())
      .when(approve(1))
      .thenState((state) => {
        expect(state.steps[0]).toMatchObject({ decision: 'approved', by: 'u-unit-admin' });
        expect(state.claimedBy).toBeNull();
      });
  });

  it('is a no-op when claimed again by the claimer', () => {
    as(unitAdmin).given(claimed()).when(claim(1)).then([]);
  });

  it('checks the task and the claimer’s eligibility', () => {
    as(unitAdmin).given(submitted()).when(claim(2)).thenThrows('APPROVAL.TASK_NOT_OPEN');
    as(deptReviewer).given(submitted()).when(claim(1)).thenThrows('APPROVAL.NOT_YOUR_ORGANISATION');
    as(unitClerk).given(submitted()).when(claim(1)).thenThrows('APPROVAL.ROLE_REQUIRED');
    const onBehalf = history([unitAdmin, submit(STEPS, ['u-person'])]);
    as(unitAdmin).given(onBehalf).when(claim(1)).thenThrows('APPROVAL.SEPARATION_OF_DUTIES');
  });

  it('is cleared by a return to the previous step and by a resubmission', () => {
    const sameLevel = history(
      [applicant, submit()],
      [unitAdmin, approve(1)],
      [deptReviewer, claim(2)],
      [deptReviewer, returnTo(2, 'previous')],
    );
    expect(fold(sameLevel).claimedBy).toBeNull();
    const resubmitted = history(
      [applicant, submit()],
      [unitAdmin, claim(1)],
      [unitAdmin, returnTo(1, 'applicant')],
      [applicant, resubmit],
    );
    expect(fold(resubmitted).claimedBy).toBeNull();
    as(unitAdmin2)
      .given(resubmitted)
      .when(approve(2))
      .thenState((state) => expect(state.current).toBe(1));
  });
});

describe('release', () => {
  const claimed = (): FlowEvent[] => history([applicant, submit()], [unitAdmin, claim(1)]);

  it('by the claimer frees the task for others', () => {
    as(unitAdmin)
      .given(claimed())
      .when(release(1))
      .then([{ type: 'approval.task-released.v1', data: { activation: 1, by: 'u-unit-admin', at: NOW } }]);
    const released = [...claimed(), ...decideFlow(release(1), fold(claimed()), ctxOf(unitAdmin))];
    expect(fold(released).claimedBy).toBeNull();
    as(unitAdmin2)
      .given(released)
      .when(approve(1))
      .thenState((state) => expect(state.current).toBe(1));
  });

  it.each<[string, Actor]>([
    ['another eligible user', unitAdmin2],
    ['an outsider', outsider],
    ['the applicant', applicant],
  ])('by %s is refused (NOT_CLAIMED_BY_YOU, forbidden)', (_, who) => {
    as(who).given(claimed()).when(release(1)).thenThrows('APPROVAL.NOT_CLAIMED_BY_YOU');
    expect(refusal(() => decideFlow(release(1), fold(claimed()), ctxOf(who))).kind).toBe('forbidden');
  });

  it('is a no-op when the task is not claimed', () => {
    as(unitAdmin).given(submitted()).when(release(1)).then([]);
    as(outsider).given(submitted()).when(release(1)).then([]);
  });

  it('of a task that is not open is refused (TASK_NOT_OPEN)', () => {
    as(unitAdmin).given(claimed()).when(release(2)).thenThrows('APPROVAL.TASK_NOT_OPEN');
    as(unitAdmin).given([]).when(release(0)).thenThrows('APPROVAL.TASK_NOT_OPEN');
  });
});

describe('transfer', () => {
  it('to an eligible user of the same organisation: only they can decide', () => {
    as(unitAdmin)
      .given(submitted())
      .when(transfer(1, unitAdmin2))
      .then([
        {
          type: 'approval.task-transferred.v1',
          data: { activation: 1, by: 'u-unit-admin', to: 'u-unit-admin-2', at: NOW },
        },
      ]);
    const transferred = history([applicant, submit()], [unitAdmin, transfer(1, unitAdmin2)]);
    expect(fold(transferred).claimedBy).toBe('u-unit-admin-2');
    as(unitAdmin).given(transferred).when(approve(1)).thenThrows('APPROVAL.TASK_CLAIMED_BY_OTHER');
    as(unitAdmin).given(transferred).when(release(1)).thenThrows('APPROVAL.NOT_CLAIMED_BY_YOU');
    as(unitAdmin2)
      .given(transferred)
      .when(approve(1))
      .thenState((state) =>
        expect(state.steps[0]).toMatchObject({ decision: 'approved', by: 'u-unit-admin-2' }),
      );
  });

  it('by the claimer of the task', () => {
    const given = history([applicant, submit()], [unitAdmin, claim(1)]);
    as(unitAdmin)
      .given(given)
      .when(transfer(1, unitAdmin2))
      .thenState((state) => expect(state.claimedBy).toBe('u-unit-admin-2'));
  });

  it('onward by the user it was transferred to', () => {
    const extra = actor('u-unit-admin-3', 'org-unit', 'unit_admin');
    const given = history([applicant, submit()], [unitAdmin, transfer(1, unitAdmin2)]);
    as(unitAdmin2)
      .given(given)
      .when(transfer(1, extra))
      .thenState((state) => expect(state.claimedBy).toBe('u-unit-admin-3'));
  });

  it('to oneself is a no-op', () => {
    as(unitAdmin).given(submitted()).when(transfer(1, unitAdmin)).then([]);
  });

  it.each<[string, Actor]>([
    ['a user of another organisation', deptReviewer],
    ['a user with the role in another organisation', outsider],
    ['a user of the organisation without the role', unitClerk],
    ['the applicant', applicant],
    ['another applicant account with the role', applicantAdmin],
  ])('to %s is refused (TRANSFER_TARGET_NOT_ELIGIBLE, forbidden)', (_, to) => {
    const given = history([applicant, submit(STEPS, ['u-person-admin'])]);
    as(unitAdmin).given(given).when(transfer(1, to)).thenThrows('APPROVAL.TRANSFER_TARGET_NOT_ELIGIBLE');
    expect(refusal(() => decideFlow(transfer(1, to), fold(given), ctxOf(unitAdmin))).kind).toBe('forbidden');
  });

  it('to a user who decided another step is refused', () => {
    const sameOrg: ResolvedStep[] = [
      { level: 'unit', orgId: 'org-unit' },
      { level: 'department', orgId: 'org-unit' },
    ];
    const dual = actor('u-dual', 'org-unit', 'unit_admin', 'department_reviewer');
    const given = history([applicant, submit(sameOrg)], [dual, approve(1)]);
    as(unitClerk).given(given).when(transfer(2, dual)).thenThrows('APPROVAL.TRANSFER_TARGET_NOT_ELIGIBLE');
  });

  it('is refused to those who may not decide the task', () => {
    as(deptReviewer)
      .given(submitted())
      .when(transfer(1, unitAdmin2))
      .thenThrows('APPROVAL.NOT_YOUR_ORGANISATION');
    as(unitClerk).given(submitted()).when(transfer(1, unitAdmin2)).thenThrows('APPROVAL.ROLE_REQUIRED');
    as(unitAdmin).given(submitted()).when(transfer(2, unitAdmin2)).thenThrows('APPROVAL.TASK_NOT_OPEN');
  });
});

// ---------------------------------------------------------------------------------------------------------
// urge
// ---------------------------------------------------------------------------------------------------------

describe('urge', () => {
  const urgedAt = (t: string): FlowEvent[] => [
    ...submitted(),
    ...decideFlow(urge, fold(submitted()), ctxOf(applicant, t)),
  ];

  it('by the applicant while in review', () => {
    const t = later(30);
    as(applicant, t)
      .given(submitted())
      .when(urge)
      .then([
        {
          type: 'approval.urged.v1',
          data: { activation: 1, by: 'u-person', at: t, level: 'unit', orgId: 'org-unit' },
        },
      ]);
    expect(fold(urgedAt(t)).lastUrgedAt).toBe(t);
  });

  it('by another applicant account', () => {
    const given = history([unitAdmin, submit(STEPS, ['u-person'])]);
    expect(decideFlow(urge, fold(given), ctxOf(applicant))).toHaveLength(1);
  });

  it.each([1, 12, 23.99])('a second urge %s h later is refused (URGED_RECENTLY, rule)', (hours) => {
    as(applicant, later(hours)).given(urgedAt(NOW)).when(urge).thenThrows('APPROVAL.URGED_RECENTLY');
    const error = refusal(() => decideFlow(urge, fold(urgedAt(NOW)), ctxOf(applicant, later(hours))));
    expect(error.kind).toBe('rule');
    expect(error.details).toEqual({ lastUrgedAt: NOW });
  });

  it.each([24, 25, 100])('a second urge %s h later is allowed', (hours) => {
    as(applicant, later(hours))
      .given(urgedAt(NOW))
      .when(urge)
      .thenState((state) => expect(state.lastUrgedAt).toBe(later(hours)));
  });

  it('uses the interval the context gives', () => {
    const state = fold(urgedAt(NOW));
    expect(refusal(() => decideFlow(urge, state, ctxOf(applicant, later(1), 2))).code).toBe(
      'APPROVAL.URGED_RECENTLY',
    );
    expect(decideFlow(urge, state, ctxOf(applicant, later(2), 2))).toHaveLength(1);
  });

  it('is allowed again at once after a resubmission', () => {
    const state = stateAfter(
      [applicant, submit()],
      [applicant, urge],
      [unitAdmin, returnTo(1, 'applicant')],
      [applicant, resubmit],
    );
    expect(state.lastUrgedAt).toBeNull();
    expect(decideFlow(urge, state, ctxOf(applicant, later(1)))).toEqual([
      {
        type: 'approval.urged.v1',
        data: { activation: 2, by: 'u-person', at: later(1), level: 'unit', orgId: 'org-unit' },
      },
    ]);
  });

  it('is allowed at once for the task of the next level (the interval is per task)', () => {
    const state = stateAfter([applicant, submit()], [applicant, urge], [unitAdmin, approve(1), later(1)]);
    expect(decideFlow(urge, state, ctxOf(applicant, later(2)))).toEqual([
      {
        type: 'approval.urged.v1',
        data: { activation: 2, by: 'u-person', at: later(2), level: 'department', orgId: 'org-dept' },
      },
    ]);
  });

  it.each<[string, () => FlowEvent[]]>([
    ['returned', returnedByDepartment],
    ['approved', () => history([applicant, submit([])])],
    ['rejected', () => history([applicant, submit()], [unitAdmin, reject(1)])],
    ['withdrawn', () => history([applicant, submit()], [applicant, withdraw])],
  ])('is refused when %s (NOT_IN_REVIEW, conflict)', (_, given) => {
    as(applicant).given(given()).when(urge).thenThrows('APPROVAL.NOT_IN_REVIEW');
    expect(refusal(() => decideFlow(urge, fold(given()), ctxOf(applicant))).kind).toBe('conflict');
  });

  it('is refused to anyone but the applicant (APPLICANT_ONLY)', () => {
    as(unitAdmin).given(submitted()).when(urge).thenThrows('APPROVAL.APPLICANT_ONLY');
    as(outsider).given(submitted()).when(urge).thenThrows('APPROVAL.APPLICANT_ONLY');
    as(applicant).given([]).when(urge).thenThrows('APPROVAL.APPLICANT_ONLY');
  });
});

// ---------------------------------------------------------------------------------------------------------
// comment
// ---------------------------------------------------------------------------------------------------------

describe('comment', () => {
  it('by the applicant, trimmed', () => {
    as(applicant)
      .given(submitted())
      .when(comment('  已补充材料 \n'))
      .then([{ type: 'approval.commented.v1', data: { by: 'u-person', at: NOW, text: '已补充材料' } }]);
  });

  it.each<[string, Actor]>([
    ['a reviewer of the current level', unitAdmin],
    ['a reviewer of a later level', districtReviewer],
    ['any user of a chain organisation', actor('u-dept-clerk', 'org-dept', 'person')],
  ])('by %s', (_, who) => {
    as(who)
      .given(submitted())
      .when(comment('请尽快处理'))
      .then([{ type: 'approval.commented.v1', data: { by: who.userId, at: NOW, text: '请尽快处理' } }]);
  });

  it('changes no state', () => {
    const state = fold(submitted());
    const events = decideFlow(comment('意见'), state, ctxOf(deptReviewer));
    expect(fold(events, state)).toBe(state);
  });

  it('is taken in any status after submission', () => {
    for (const given of [returnedByDepartment(), history([applicant, submit()], [applicant, withdraw])]) {
      expect(decideFlow(comment('备注'), fold(given), ctxOf(applicant))).toHaveLength(1);
      expect(decideFlow(comment('备注'), fold(given), ctxOf(deptReviewer))).toHaveLength(1);
    }
  });

  it.each(['', '   ', '\n'])('%j is refused (EMPTY_COMMENT, rule)', (text) => {
    as(applicant).given(submitted()).when(comment(text)).thenThrows('APPROVAL.EMPTY_COMMENT');
    as(outsider).given(submitted()).when(comment(text)).thenThrows('APPROVAL.EMPTY_COMMENT');
    expect(refusal(() => decideFlow(comment(text), fold(submitted()), ctxOf(applicant))).kind).toBe('rule');
  });

  it.each<[string, Actor]>([
    ['an outsider with every reviewer role', outsider],
    ['the city bureau when the chain does not reach it', cityReviewer],
  ])('by %s is refused (NOT_INVOLVED, forbidden)', (_, who) => {
    as(who).given(submitted()).when(comment('意见')).thenThrows('APPROVAL.NOT_INVOLVED');
    expect(refusal(() => decideFlow(comment('意见'), fold(submitted()), ctxOf(who))).kind).toBe('forbidden');
  });

  it('by anyone before submission is refused (NOT_INVOLVED)', () => {
    as(applicant).given([]).when(comment('意见')).thenThrows('APPROVAL.NOT_INVOLVED');
  });

  it('a skipped level does not involve users without an organisation match', () => {
    const steps: ResolvedStep[] = [
      { level: 'unit', orgId: 'org-unit' },
      { level: 'department', orgId: null },
    ];
    as(deptReviewer)
      .given(history([applicant, submit(steps)]))
      .when(comment('意见'))
      .thenThrows('APPROVAL.NOT_INVOLVED');
  });
});

// ---------------------------------------------------------------------------------------------------------
// openStep and eligibility
// ---------------------------------------------------------------------------------------------------------

describe('openStep', () => {
  it('names the step of an open task, null otherwise', () => {
    expect(openStep(initialFlowState(), 0)).toBeNull();
    const inReview = fold(atDepartment());
    expect(openStep(inReview, 2)).toBe(1);
    expect(openStep(inReview, 1)).toBeNull();
    expect(openStep(inReview, 3)).toBeNull();
    expect(openStep(fold(returnedByDepartment()), 2)).toBeNull();
    expect(openStep(stateAfter([applicant, submit([])]), 0)).toBeNull();
    expect(openStep(stateAfter([applicant, submit()], [applicant, withdraw]), 1)).toBeNull();
  });
});

describe('eligibility', () => {
  it('says yes to a holder of the level’s role in the level’s organisation', () => {
    expect(eligibility(fold(submitted()), unitAdmin)).toEqual({ ok: true });
    expect(eligibility(fold(atDepartment()), deptReviewer)).toEqual({ ok: true });
    expect(eligibility(fold(atDistrict()), districtReviewer)).toEqual({ ok: true });
  });

  it('is not affected by claims (deciding checks those separately)', () => {
    const claimed = stateAfter([applicant, submit()], [unitAdmin, claim(1)]);
    expect(eligibility(claimed, unitAdmin2)).toEqual({ ok: true });
  });

  it.each<[string, () => FlowState, Actor, string]>([
    ['no task open (before submission)', initialFlowState, unitAdmin, 'APPROVAL.TASK_NOT_OPEN'],
    ['no task open (returned)', () => fold(returnedByDepartment()), unitAdmin, 'APPROVAL.TASK_NOT_OPEN'],
    ['another organisation', () => fold(submitted()), deptReviewer, 'APPROVAL.NOT_YOUR_ORGANISATION'],
    [
      'another organisation, though holding the role',
      () => fold(submitted()),
      outsider,
      'APPROVAL.NOT_YOUR_ORGANISATION',
    ],
    ['the organisation but not the role', () => fold(submitted()), unitClerk, 'APPROVAL.ROLE_REQUIRED'],
    ['the applicant (no role)', () => fold(submitted()), applicant, 'APPROVAL.ROLE_REQUIRED'],
    [
      'an applicant account holding the role',
      () => stateAfter([applicant, submit(STEPS, ['u-person-admin'])]),
      applicantAdmin,
      'APPROVAL.SEPARATION_OF_DUTIES',
    ],
    [
      'the submitter holding the role',
      () => stateAfter([unitAdmin, submit(STEPS, ['u-person'])]),
      unitAdmin,
      'APPROVAL.SEPARATION_OF_DUTIES',
    ],
  ])('says no to %s', (_, state, who, code) => {
    const verdict = eligibility(state(), who);
    expect(verdict).toMatchObject({ ok: false, code });
    expect(verdict.ok === false && verdict.message.length).toBeGreaterThan(0);
  });

  it('names the missing role', () => {
    const verdict = eligibility(fold(submitted()), unitClerk);
    expect(verdict.ok === false && verdict.message).toContain('unit_admin');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------------

describe('properties of random command sequences', () => {
  /** Unit admin of org-unit who also reviews for the department when the department is org-unit. */
  const dual = actor('u-dual', 'org-unit', 'unit_admin', 'department_reviewer');
  const POOL: readonly Actor[] = [applicant, unitAdmin, dual, deptReviewer, districtReviewer, outsider];

  const chainArb: fc.Arbitrary<ResolvedStep[]> = fc
    .tuple(
      fc.constantFrom<string | null>('org-unit', 'org-unit', null),
      fc.constantFrom<string | null>('org-dept', 'org-dept', 'org-unit', null),
      fc.constantFrom<string | null>('org-district', 'org-district', null),
    )
    .map(([unit, department, district]) => [
      { level: 'unit', orgId: unit },
      { level: 'department', orgId: department },
      { level: 'district', orgId: district },
    ]);

  /** A command template: activations are relative to the state's, so that most of them hit the open task. */
  type Move =
    | { kind: 'submit'; steps: ResolvedStep[] }
    | { kind: 'approve' | 'reject' | 'claim' | 'release'; offset: number }
    | { kind: 'return'; offset: number; to: 'applicant' | 'previous' }
    | { kind: 'transfer'; offset: number; to: number }
    | { kind: 'withdraw' | 'resubmit' | 'urge' }
    | { kind: 'comment'; text: string };

  const offsetArb = fc.constantFrom(0, 0, 0, 0, -1, 1);
  const moveArb: fc.Arbitrary<Move> = fc.oneof(
    { arbitrary: chainArb.map((steps): Move => ({ kind: 'submit', steps })), weight: 1 },
    {
      arbitrary: fc
        .tuple(
          fc.constantFrom('approve' as const, 'reject' as const, 'claim' as const, 'release' as const),
          offsetArb,
        )
        .map(([kind, offset]): Move => ({ kind, offset })),
      weight: 8,
    },
    { arbitrary: fc.constant<Move>({ kind: 'approve', offset: 0 }), weight: 6 },
    {
      arbitrary: fc
        .tuple(offsetArb, fc.constantFrom('applicant' as const, 'previous' as const))
        .map(([offset, to]): Move => ({ kind: 'return', offset, to })),
      weight: 3,
    },
    {
      arbitrary: fc
        .tuple(offsetArb, fc.nat(POOL.length - 1))
        .map(([offset, to]): Move => ({ kind: 'transfer', offset, to })),
      weight: 2,
    },
    {
      arbitrary: fc.constantFrom<Move>(
        { kind: 'withdraw' },
        { kind: 'resubmit' },
        { kind: 'resubmit' },
        { kind: 'urge' },
      ),
      weight: 4,
    },
    {
      arbitrary: fc.constantFrom('', ' ', '意见').map((text): Move => ({ kind: 'comment', text })),
      weight: 1,
    },
  );

  const turnArb = fc.record({
    who: fc.nat(POOL.length - 1),
    move: moveArb,
    hours: fc.integer({ min: 0, max: 30 }),
  });

  function commandOf(move: Move, state: FlowState): FlowCommand {
    const activation = 'offset' in move ? state.activation + move.offset : 0;
    switch (move.kind) {
      case 'submit':
        return submit(move.steps, ['u-person']);
      case 'approve':
        return approve(activation, '意见');
      case 'reject':
        return reject(activation, '理由');
      case 'claim':
        return claim(activation);
      case 'release':
        return release(activation);
      case 'return':
        return returnTo(activation, move.to);
      case 'transfer':
        return transfer(activation, POOL[move.to] ?? outsider);
      case 'withdraw':
        return withdraw;
      case 'resubmit':
        return resubmit;
      case 'urge':
        return urge;
      case 'comment':
        return comment(move.text);
    }
  }

  function checkInvariants(state: FlowState): void {
    // `current` is null unless in review, and a task is open whenever in review.
    expect(state.current !== null).toBe(state.status === 'in_review');
    expect(state.dueAt !== null).toBe(state.current !== null);
    if (state.current === null) expect(state.claimedBy).toBeNull();
    // The current step is the one pending step being decided; every step before it is settled.
    if (state.current !== null) {
      const step = state.steps[state.current];
      expect(step?.decision).toBe('pending');
      expect(step?.orgId).not.toBeNull();
      state.steps
        .slice(0, state.current)
        .forEach((s) => expect(['approved', 'skipped']).toContain(s.decision));
    }
    // Exactly the levels without an organisation are skipped.
    state.steps.forEach((s) => expect(s.decision === 'skipped').toBe(s.orgId === null));
    // Approved means every level that exists approved.
    if (state.status === 'approved') {
      state.steps.forEach((s) => expect(['approved', 'skipped']).toContain(s.decision));
    }
    // Decided steps say who and when; pending ones carry nothing over.
    for (const s of state.steps) {
      if (s.decision === 'pending' || s.decision === 'skipped') {
        expect(s.by).toBeUndefined();
        expect(s.at).toBeUndefined();
      } else {
        expect(typeof s.by).toBe('string');
        expect(typeof s.at).toBe('string');
      }
    }
    // Nobody approved two steps; no applicant decided anything.
    const approvers = state.steps.filter((s) => s.decision === 'approved').map((s) => s.by);
    expect(new Set(approvers).size).toBe(approvers.length);
    for (const s of state.steps) if (s.by !== undefined) expect(state.applicantUserIds).not.toContain(s.by);
    // Only one rejected step at most, and only when rejected.
    const rejected = state.steps.filter((s) => s.decision === 'rejected').length;
    expect(rejected).toBe(state.status === 'rejected' ? 1 : 0);
  }

  it('keep the flow consistent whatever is tried, by whomever', () => {
    fc.assert(
      fc.property(chainArb, fc.array(turnArb, { maxLength: 40 }), (steps, turns) => {
        let state = fold(decideFlow(submit(steps, ['u-person']), initialFlowState(), ctxOf(applicant)));
        let now = NOW;
        checkInvariants(state);
        for (const { who, move, hours } of turns) {
          now = later(hours, now);
          const command = commandOf(move, state);
          const before = JSON.stringify(state);
          let events: FlowEvent[] = [];
          try {
            events = decideFlow(command, state, ctxOf(POOL[who] ?? outsider, now));
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            expect(error.code).toMatch(/^APPROVAL\.[A-Z_]+$/);
          }
          // decide is pure: the state it was given is untouched.
          expect(JSON.stringify(state)).toBe(before);
          const next = fold(events, state);
          // Activation never decreases, and moves by at most one per command.
          expect(next.activation).toBeGreaterThanOrEqual(state.activation);
          expect(next.activation - state.activation).toBeLessThanOrEqual(1);
          // Terminal states stay terminal.
          if (['approved', 'rejected', 'withdrawn'].includes(state.status))
            expect(next.status).toBe(state.status);
          checkInvariants(next);
          state = next;
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reach approval along the happy path whatever the chain', () => {
    fc.assert(
      fc.property(chainArb, (steps) => {
        let state = fold(decideFlow(submit(steps, ['u-person']), initialFlowState(), ctxOf(applicant)));
        const deciders: Record<string, Actor> = {
          'org-unit:unit': unitAdmin,
          'org-unit:department': dual,
          'org-dept:department': deptReviewer,
          'org-district:district': districtReviewer,
        };
        let guard = 0;
        while (state.status === 'in_review' && guard++ < 10) {
          const step = state.steps[state.current ?? -1];
          const who = deciders[`${step?.orgId}:${step?.level}`] ?? outsider;
          state = fold(decideFlow(approve(state.activation), state, ctxOf(who)), state);
        }
        expect(state.status).toBe('approved');
        expect(state.activation).toBe(steps.filter((s) => s.orgId !== null).length);
      }),
    );
  });
});
