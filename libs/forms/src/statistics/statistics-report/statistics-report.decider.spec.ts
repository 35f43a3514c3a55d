import { DEFAULT_CHAIN_POLICY, type Placement } from '@ce/approval/domain';
import { type Actor, DomainError, specificationFor } from '@ce/kernel';
import {
  type StatisticsReportCommand,
  type StatisticsReportEvent,
  isActive,
  isReportingOrg,
  reportStatus,
  statisticsReportDecider,
} from './statistics-report.decider';

const now = '2020-12-01T01:00:00.000Z';
const districtReviewer: Actor = { userId: 'u-dist', orgId: 'zhifu', roles: ['district_reviewer'] };
const cityReviewer: Actor = { userId: 'u-city', orgId: 'city', roles: ['city_reviewer'] };
const dueAt = (at: string) => new Date(Date.parse(at) + 7 * 86_400_000).toISOString();
const deciderFor = (actor: Actor) => statisticsReportDecider({ actor, now, dueAt });
const as = (actor: Actor) => specificationFor(deciderFor(actor));

const districtBureau: Placement = {
  unitId: null,
  departmentId: null,
  districtId: 'zhifu',
  cityId: 'city',
  baseId: null,
};
const cityDepartment: Placement = {
  unitId: null,
  departmentId: 'health',
  districtId: null,
  cityId: 'city',
  baseId: null,
};

const counts = (urgentTalent: number, jobTraining: number, overseas: number) => ({
  urgentTalent,
  jobTraining,
  overseas,
});

const submit = (overrides: Partial<Extract<StatisticsReportCommand, { type: 'submit' }>> = {}) =>
  ({
    type: 'submit',
    reportId: 'r-1',
    input: {
      year: 2020,
      form: 'knowledge_update',
      fundingWan: 35.5,
      rows: [{ field: '信息', thisYear: counts(10, 200, 1), nextYear: counts(12, 210, 2) }],
    },
    org: { orgId: 'zhifu', name: '芝罘区人力资源和社会保障局' },
    placement: districtBureau,
    chainPolicy: DEFAULT_CHAIN_POLICY,
    ...overrides,
  }) satisfies StatisticsReportCommand;

const run = (
  history: readonly StatisticsReportEvent[],
  actor: Actor,
  command: StatisticsReportCommand,
): StatisticsReportEvent[] => {
  const decider = deciderFor(actor);
  const state = history.reduce(decider.evolve, decider.initialState());
  return [...history, ...decider.decide(command, state)];
};

const stateOf = (history: readonly StatisticsReportEvent[]) => {
  const decider = deciderFor(districtReviewer);
  return history.reduce(decider.evolve, decider.initialState());
};

const activation = (history: readonly StatisticsReportEvent[]) => stateOf(history).flow.activation;

describe('statistics report decider', () => {
  const submitted = run([], districtReviewer, submit());

  it('submits a district bureau’s report to the city bureau, its rows completed in the notice’s order', () => {
    as(districtReviewer)
      .given([])
      .when(submit())
      .thenState((state, events) => {
        expect(events.map((e) => e.type)).toEqual([
          'statistics-report.submitted.v1',
          'approval.submitted.v1',
        ]);
        expect(reportStatus(state)).toBe('in_review');
        expect(state.report).toMatchObject({
          reportId: 'r-1',
          year: 2020,
          orgId: 'zhifu',
          orgName: '芝罘区人力资源和社会保障局',
          districtId: 'zhifu',
          form: 'knowledge_update',
          fundingWan: 35.5,
        });
        expect(state.report?.rows).toHaveLength(27);
        expect(state.report?.rows[1]).toMatchObject({ field: '信息', thisYear: counts(10, 200, 1) });
        expect(state.flow.steps).toEqual([{ level: 'city', orgId: 'city', decision: 'pending' }]);
        const flow = events[1];
        expect(flow?.type === 'approval.submitted.v1' && flow.data.summary).toEqual({
          title: '芝罘区人力资源和社会保障局 · 2020年度专业技术人员知识更新工程实施情况统计表（附件3）',
          applicantName: '芝罘区人力资源和社会保障局',
          year: 2020,
          hours: null,
          districtId: 'zhifu',
        });
      });
  });

  it('sends a city department’s report to the city bureau too, with no district', () => {
    as(districtReviewer)
      .given([])
      .when(submit({ org: { orgId: 'health', name: '烟台市卫生健康委员会' }, placement: cityDepartment }))
      .thenState((state) => {
        expect(state.report?.districtId).toBeNull();
        expect(state.flow.steps.map((s) => [s.level, s.orgId])).toEqual([['city', 'city']]);
      });
  });

  it('refuses a unit, a district department or a base as the reporting organisation', () => {
    expect(isReportingOrg('zhifu', districtBureau)).toBe(true);
    expect(isReportingOrg('health', cityDepartment)).toBe(true);
    const unit: Placement = { ...districtBureau, departmentId: 'edu', unitId: 'school' };
    const districtDepartment: Placement = { ...districtBureau, departmentId: 'edu' };
    for (const [orgId, placement] of [
      ['school', unit],
      ['edu', districtDepartment],
      ['base', { ...cityDepartment, departmentId: null, baseId: 'base' }],
    ] as const) {
      expect(isReportingOrg(orgId, placement)).toBe(false);
      as(districtReviewer)
        .given([])
        .when(submit({ org: { orgId, name: 'x' }, placement }))
        .thenThrows('STATISTICS.NOT_A_REPORTING_ORG');
    }
  });

  it('refuses bad rows and stores nothing', () => {
    as(districtReviewer)
      .given([])
      .when(
        submit({
          input: {
            ...submit().input,
            rows: [{ field: '人工智能', thisYear: counts(1, 1, 1), nextYear: counts(1, 1, 1) }],
          },
        }),
      )
      .thenThrows('STATISTICS.UNKNOWN_FIELD');
  });

  it('refuses a second submission of the same report', () => {
    as(districtReviewer).given(submitted).when(submit()).thenThrows('STATISTICS.ALREADY_SUBMITTED');
  });

  it('is approved by the city bureau’s one step', () => {
    const approved = run(submitted, cityReviewer, {
      type: 'flow',
      command: { type: 'approve', activation: activation(submitted) },
    });
    expect(reportStatus(stateOf(approved))).toBe('approved');
    expect(isActive(stateOf(approved))).toBe(true);
  });

  it('goes back to the city after a return, with the changed rows, and refuses bad changes', () => {
    const returned = run(submitted, cityReviewer, {
      type: 'flow',
      command: {
        type: 'return',
        activation: activation(submitted),
        reason: '信息领域人数有误',
        to: 'applicant',
      },
    });
    expect(reportStatus(stateOf(returned))).toBe('returned');
    expect(isActive(stateOf(returned))).toBe(true);
    as(districtReviewer)
      .given(returned)
      .when({ type: 'resubmit', changes: { fundingWan: 1.234 } })
      .thenThrows('STATISTICS.FUNDING_PRECISION');
    // someone else may not resubmit it, even with bad rows: the flow refuses first
    as(cityReviewer)
      .given(returned)
      .when({ type: 'resubmit', changes: { rows: 'nonsense' } })
      .thenThrows((e) => e instanceof DomainError && e.kind === 'forbidden');

    const rows = [{ field: '信息', thisYear: counts(10, 180, 1), nextYear: counts(12, 210, 2) }];
    const again = run(returned, districtReviewer, { type: 'resubmit', changes: { rows, fundingWan: 30 } });
    expect(again.slice(returned.length).map((e) => e.type)).toEqual([
      'statistics-report.amended.v1',
      'approval.resubmitted.v1',
    ]);
    const state = stateOf(again);
    expect(reportStatus(state)).toBe('in_review');
    expect(state.report?.fundingWan).toBe(30);
    expect(state.report?.rows[1]).toMatchObject({ thisYear: counts(10, 180, 1) });
    expect(state.flow.steps.map((s) => s.decision)).toEqual(['pending']);
    // the reviewer who returned it decides its one step again
    const approved = run(again, cityReviewer, {
      type: 'flow',
      command: { type: 'approve', activation: activation(again) },
    });
    expect(reportStatus(stateOf(approved))).toBe('approved');
  });

  it('resubmits unchanged without an amendment', () => {
    const returned = run(submitted, cityReviewer, {
      type: 'flow',
      command: { type: 'return', activation: activation(submitted), reason: '请补充盖章件', to: 'applicant' },
    });
    const again = run(returned, districtReviewer, { type: 'resubmit', changes: {} });
    expect(again.slice(returned.length).map((e) => e.type)).toEqual(['approval.resubmitted.v1']);
  });

  it('lets the submitter withdraw before the city decides; a withdrawn or rejected report no longer counts', () => {
    const withdrawn = run(submitted, districtReviewer, { type: 'flow', command: { type: 'withdraw' } });
    expect(reportStatus(stateOf(withdrawn))).toBe('withdrawn');
    expect(isActive(stateOf(withdrawn))).toBe(false);
    const rejected = run(submitted, cityReviewer, {
      type: 'flow',
      command: { type: 'reject', activation: activation(submitted), reason: '重复报送' },
    });
    expect(reportStatus(stateOf(rejected))).toBe('rejected');
    expect(isActive(stateOf(rejected))).toBe(false);
  });

  it('refuses flow commands on a report that does not exist', () => {
    as(cityReviewer)
      .given([])
      .when({ type: 'flow', command: { type: 'approve', activation: 1 } })
      .thenThrows('STATISTICS.NOT_FOUND');
    expect(reportStatus(stateOf([]))).toBeNull();
  });
});
