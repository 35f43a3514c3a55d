import type { StateReplayer } from '@ce/audit';
import type { RecordedEvent } from '@ce/event-store';
import { type HourClaimEvent, claimStatus, hourClaimDecider } from '@ce/hours';
import { type YearReportEvent, baseYear, yearReportDecider } from '@ce/bases';
import {
  CERTIFICATE_STREAM_PREFIX,
  type StatisticsReportEvent,
  type TrainingPlanEvent,
  certificateDecider,
  planStatus,
  statisticsReportDecider,
  statisticsReportStatus,
  statisticsSlot,
  trainingPlanDecider,
  trainingPlanSlot,
} from '@ce/forms';
import { organisation, person, user } from '@ce/identity';
import { type TrainingProjectEvent, projectStatus, trainingProjectDecider } from '@ce/projects';
import { type Decider, foldEvents, toDomainEvent } from '@ce/kernel';

const fold =
  <C, E, S>(decider: Decider<C, E, S>) =>
  (events: readonly RecordedEvent[]): S =>
    foldEvents(
      decider,
      events.map((e) => toDomainEvent<E>(e)),
    );

/** Read-only folding needs no actor or clock; the deciders' `decide` is never called here. */
const readOnly = {
  actor: { userId: 'auditor', orgId: '', roles: [] },
  now: new Date(0).toISOString(),
  dueAt: (at: string) => at,
};
const reader = hourClaimDecider(readOnly);
const projectReader = trainingProjectDecider(readOnly);
const reportReader = yearReportDecider(readOnly);
const statisticsReader = statisticsReportDecider(readOnly);
const planReader = trainingPlanDecider(readOnly);

/** How each kind of stream is replayed into the state an auditor sees. */
export const STATE_REPLAYERS_LIST: StateReplayer[] = [
  { streamPrefix: CERTIFICATE_STREAM_PREFIX, replay: fold(certificateDecider) },
  {
    streamPrefix: 'statistics-report',
    replay: (events) => {
      const state = foldEvents(
        statisticsReader,
        events.map((e) => toDomainEvent<StatisticsReportEvent>(e)),
      );
      return { status: statisticsReportStatus(state), report: state.report, flow: state.flow };
    },
  },
  { streamPrefix: 'statistics-slot', replay: fold(statisticsSlot) },
  { streamPrefix: 'plan-slot', replay: fold(trainingPlanSlot) },
  {
    streamPrefix: 'training-plan',
    replay: (events) => {
      const state = foldEvents(
        planReader,
        events.map((e) => toDomainEvent<TrainingPlanEvent>(e)),
      );
      return { status: planStatus(state), plan: state.plan, flow: state.flow };
    },
  },
  {
    streamPrefix: 'hour-claim',
    replay: (events) => {
      const state = foldEvents(
        reader,
        events.map((e) => toDomainEvent<HourClaimEvent>(e)),
      );
      return { status: claimStatus(state), claim: state.claim, flow: state.flow, revoked: state.revoked };
    },
  },
  {
    streamPrefix: 'training-project',
    replay: (events) => {
      const state = foldEvents(
        projectReader,
        events.map((e) => toDomainEvent<TrainingProjectEvent>(e)),
      );
      return { status: projectStatus(state), project: state.project, flow: state.flow };
    },
  },
  {
    // Before 'base-year': the longer prefix wins.
    streamPrefix: 'base-year-report',
    replay: (events) => {
      const state = foldEvents(
        reportReader,
        events.map((e) => toDomainEvent<YearReportEvent>(e)),
      );
      return { status: state.flow.status, report: state.report, flow: state.flow };
    },
  },
  {
    streamPrefix: 'base-year',
    replay: (events) => {
      // The figures, not the thousands of keys behind them.
      const state = fold(baseYear)(events);
      if (state.status === 'none') return state;
      return {
        status: state.status,
        base: state.base,
        registrations: state.registrations.size,
        trainees: state.trainees.size,
        researchProjects: state.projects.size,
        ...(state.status === 'assessed' ? { assessment: state.assessment } : {}),
      };
    },
  },
  { streamPrefix: 'org', replay: fold(organisation) },
  { streamPrefix: 'person', replay: fold(person) },
  { streamPrefix: 'user', replay: fold(user) },
];
