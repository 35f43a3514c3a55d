import type { ResolvedStep } from '@ce/approval/domain';
import { type Actor, specificationFor } from '@ce/kernel';
import {
  type YearReportCommand,
  type YearReportEvent,
  type YearReportRecord,
  yearReportDecider,
} from './base-year-report.decider';

const now = '2020-12-20T02:00:00.000Z';
const dueAt = (at: string) => new Date(Date.parse(at) + 7 * 86_400_000).toISOString();
const operator: Actor = { userId: 'u-ldu', orgId: 'base-1', roles: ['base_operator'] };
const city: Actor = { userId: 'u-city', orgId: 'city', roles: ['city_reviewer'] };
const as = (actor: Actor) => specificationFor(yearReportDecider({ actor, now, dueAt }));
const steps: ResolvedStep[] = [{ level: 'city', orgId: 'city' }];

const report: YearReportRecord = {
  reportId: 'r-1',
  baseId: 'base-1',
  baseName: '鲁东大学',
  baseType: 'provincial',
  year: 2020,
  trainees: 2100,
  traineeQuota: 2000,
  researchProjects: 5,
  projectQuota: 4,
  quotaStatus: 'met',
};
const submit: YearReportCommand = {
  type: 'submit',
  report,
  steps,
  chainPolicyVersion: 'chains-1',
  applicantUserIds: [],
};
const submitted = (): YearReportEvent[] => {
  const decider = yearReportDecider({ actor: operator, now, dueAt });
  return decider.decide(submit, decider.initialState());
};

describe('base year report (基地年度工作报告): base → city bureau', () => {
  it('opens a city-level task with the figures in its summary', () => {
    as(operator)
      .given([])
      .when(submit)
      .thenState((state, events) => {
        expect(events.map((e) => e.type)).toEqual(['base-year-report.submitted.v1', 'approval.submitted.v1']);
        expect(state.flow.status).toBe('in_review');
        expect(state.flow.steps).toEqual([{ level: 'city', orgId: 'city', decision: 'pending' }]);
        const flowEvent = events[1];
        if (flowEvent?.type !== 'approval.submitted.v1') throw new Error('expected the flow to start');
        expect(flowEvent.data.summary?.title).toContain('2100/2000');
        expect(flowEvent.data.subjectType).toBe('base_year_report');
      });
  });

  it('is approved by the city reviewer', () => {
    as(city)
      .given(submitted())
      .when({ type: 'flow', command: { type: 'approve', activation: 1 } })
      .thenState((state) => expect(state.flow.status).toBe('approved'));
  });

  it('is not decided by the base that submitted it, nor submitted twice', () => {
    as(operator)
      .given(submitted())
      .when({ type: 'flow', command: { type: 'approve', activation: 1 } })
      .thenThrows('APPROVAL.NOT_YOUR_ORGANISATION');
    as(operator).given(submitted()).when(submit).thenThrows('BASE_YEAR_REPORT.ALREADY_SUBMITTED');
  });

  it('goes back to the base when returned, and comes again with fresh figures', () => {
    const cityDecider = yearReportDecider({ actor: city, now, dueAt });
    const history = submitted();
    const state = history.reduce(cityDecider.evolve, cityDecider.initialState());
    const returned = cityDecider.decide(
      {
        type: 'flow',
        command: { type: 'return', activation: 1, reason: '请补充研修项目明细', to: 'applicant' },
      },
      state,
    );
    as(operator)
      .given([...history, ...returned])
      .when({ type: 'resubmit', report: { ...report, researchProjects: 6 } })
      .thenState((after, events) => {
        expect(events.map((e) => e.type)).toEqual(['base-year-report.amended.v1', 'approval.resubmitted.v1']);
        expect(after.flow.status).toBe('in_review');
        expect(after.report?.researchProjects).toBe(6);
      });
  });
});
