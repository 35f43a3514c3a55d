import {
  type ChainPolicy,
  type FlowCommand,
  type FlowContext,
  type FlowEvent,
  type FlowState,
  type Placement,
  type TaskSummary,
  decideFlow,
  evolveFlow,
  initialFlowState,
  isFlowEvent,
  resolveChain,
} from '@ce/approval/domain';
import { ConflictError, type Decider, NotFoundError, assertNever } from '@ce/kernel';
import { type ProjectInput, validateProject } from '../domain/training-project.rules';

/** A training project (培训项目, one row of 附件1) on its way into the published catalogue. */
export interface ProjectRecord extends ProjectInput {
  readonly projectId: string;
  /** 承办单位: the organisation that runs the training. */
  readonly organizerOrgId: string;
  readonly organizerName: string;
  /** District bureau of the organizer (null for city-direct organisers). */
  readonly districtId: string | null;
  readonly source: ProjectSource;
}

export type ProjectSource = 'form' | 'import';

export type TrainingProjectEvent =
  | { type: 'training-project.submitted.v1'; data: ProjectRecord }
  | { type: 'training-project.amended.v1'; data: ProjectRecord }
  | FlowEvent;

export type ProjectStatus = 'in_review' | 'returned' | 'approved' | 'rejected' | 'withdrawn';

export interface TrainingProjectState {
  readonly project: ProjectRecord | null;
  readonly flow: FlowState;
}

/** Fields the submitter may change when resubmitting a returned project (not the organiser or 面向全市: they fix the chain). */
export type ProjectChanges = Partial<Omit<ProjectInput, 'cityWide'>>;

export type TrainingProjectCommand =
  | {
      type: 'submit';
      projectId: string;
      input: ProjectInput;
      organizer: { orgId: string; name: string };
      /** Where the organiser sits; the chain is resolved from it at submission. */
      placement: Placement;
      chainPolicy: ChainPolicy;
      source: ProjectSource;
    }
  | { type: 'resubmit'; changes: ProjectChanges }
  | { type: 'flow'; command: Exclude<FlowCommand, { type: 'submit' } | { type: 'resubmit' }> };

export function projectStatus(state: TrainingProjectState): ProjectStatus | null {
  if (!state.project) return null;
  switch (state.flow.status) {
    case 'none':
      return null;
    case 'in_review':
    case 'returned':
    case 'approved':
    case 'rejected':
    case 'withdrawn':
      return state.flow.status;
    default:
      return assertNever(state.flow.status, 'flow status');
  }
}

export function projectSummary(project: ProjectRecord): TaskSummary {
  return {
    title: `${project.organizerName} · ${project.name}${project.cityWide ? ' · 面向全市' : ''}`,
    applicantName: project.organizerName,
    year: project.year,
    hours: project.hours,
    districtId: project.districtId,
  };
}

export function trainingProjectDecider(
  ctx: FlowContext,
): Decider<TrainingProjectCommand, TrainingProjectEvent, TrainingProjectState> {
  return {
    initialState: () => ({ project: null, flow: initialFlowState() }),
    decide(command, state) {
      switch (command.type) {
        case 'submit': {
          if (state.project) {
            throw new ConflictError('TRAINING_PROJECT.ALREADY_SUBMITTED', '该培训项目已提交');
          }
          const project: ProjectRecord = {
            ...validateProject(command.input),
            projectId: command.projectId,
            organizerOrgId: command.organizer.orgId,
            organizerName: command.organizer.name,
            districtId: command.placement.districtId,
            source: command.source,
          };
          const steps = resolveChain(command.chainPolicy, 'training_project', command.placement, {
            cityWide: project.cityWide,
          });
          return [
            { type: 'training-project.submitted.v1', data: project },
            ...decideFlow(
              {
                type: 'submit',
                subjectType: 'training_project',
                policyVersion: command.chainPolicy.version,
                steps,
                applicantUserIds: [],
                summary: projectSummary(project),
              },
              state.flow,
              ctx,
            ),
          ];
        }
        case 'resubmit': {
          const project = requireProject(state);
          const amended: ProjectRecord = {
            ...project,
            ...validateProject({
              ...inputOf(project),
              ...definedOnly(command.changes),
              cityWide: project.cityWide,
            }),
          };
          const flow = decideFlow({ type: 'resubmit', summary: projectSummary(amended) }, state.flow, ctx);
          const changed = JSON.stringify(amended) !== JSON.stringify(project);
          return [
            ...(changed ? [{ type: 'training-project.amended.v1' as const, data: amended }] : []),
            ...flow,
          ];
        }
        case 'flow':
          requireProject(state);
          return decideFlow(command.command, state.flow, ctx);
        default:
          return assertNever(command, 'training-project command');
      }
    },
    evolve(state, event) {
      if (isFlowEvent(event)) return { ...state, flow: evolveFlow(state.flow, event) };
      switch (event.type) {
        case 'training-project.submitted.v1':
        case 'training-project.amended.v1':
          return { ...state, project: event.data };
        default:
          return assertNever(event, 'training-project event');
      }
    },
  };
}

function requireProject(state: TrainingProjectState): ProjectRecord {
  if (!state.project) throw new NotFoundError('TRAINING_PROJECT.NOT_FOUND', '培训项目不存在');
  return state.project;
}

function inputOf(project: ProjectRecord): ProjectInput {
  return {
    year: project.year,
    name: project.name,
    hours: project.hours,
    startDate: project.startDate,
    endDate: project.endDate,
    place: project.place,
    audience: project.audience,
    contact: project.contact,
    cityWide: project.cityWide,
  };
}

function definedOnly(changes: ProjectChanges): ProjectChanges {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
}

export const trainingProjectStream = (projectId: string): string => `training-project-${projectId}`;
