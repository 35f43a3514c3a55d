import { ConflictError, type Decider, DomainError, RuleViolation, assertNever } from '@ce/kernel';
import type { BaseType, BasesPolicy } from '../domain/bases-policy';
import { KeySet } from '../domain/key-set';
import { yearClosed } from '../domain/quota';
import { type ResearchProject, checkResearchProject, projectKey } from '../domain/research-project';
import {
  type RegistrationContext,
  type TraineeRegistration,
  checkRegistration,
  registrationKey,
} from '../domain/trainee-registration';

/**
 * A base's year (`base-year-<baseId>-<year>`): the trainees it registered, the research/training
 * projects it hosted, and — once the year has closed — its assessment against the quotas.
 */
export interface BaseYearRef {
  readonly baseId: string;
  readonly baseName: string;
  readonly baseType: BaseType;
  readonly year: number;
}

export interface BaseYearAssessment {
  readonly trainees: number;
  readonly traineeQuota: number;
  readonly researchProjects: number;
  readonly projectQuota: number;
  readonly registrations: number;
  readonly result: 'met' | 'not_met';
  readonly policyVersion: string;
  readonly assessedAt: string;
}

export type BaseYearEvent =
  | { type: 'base-year.opened.v1'; data: BaseYearRef }
  | { type: 'base-year.trainee-registered.v1'; data: TraineeRegistration }
  | { type: 'base-year.research-project-added.v1'; data: ResearchProject }
  | { type: 'base-year.assessed.v1'; data: BaseYearAssessment };

export const BASE_YEAR_EVENT_TYPES: readonly BaseYearEvent['type'][] = [
  'base-year.opened.v1',
  'base-year.trainee-registered.v1',
  'base-year.research-project-added.v1',
  'base-year.assessed.v1',
];

interface Tally {
  readonly base: BaseYearRef;
  /** (身份证号, 培训项目) of every registration: a repeat is not registered again. */
  readonly registrations: KeySet;
  /** 身份证号 of every trainee: what the quota counts. */
  readonly trainees: KeySet;
  readonly projects: KeySet;
}

export type BaseYearState =
  | { readonly status: 'none' }
  | ({ readonly status: 'open' } & Tally)
  | ({ readonly status: 'assessed'; readonly assessment: BaseYearAssessment } & Tally);

export type BaseYearCommand =
  | {
      type: 'register-trainees';
      base: BaseYearRef;
      registrations: readonly TraineeRegistration[];
      rules: RegistrationContext;
    }
  | { type: 'add-research-project'; base: BaseYearRef; project: ResearchProject }
  | { type: 'assess'; base: BaseYearRef; policy: BasesPolicy; today: string; now: string };

export const baseYearStream = (baseId: string, year: number): string => `base-year-${baseId}-${year}`;

/** For each registration, whether it is new: neither in the year already nor earlier in the same batch. */
export function partitionRegistrations(
  state: BaseYearState,
  registrations: readonly Pick<TraineeRegistration, 'idNumber' | 'programme'>[],
): boolean[] {
  const known = state.status === 'none' ? KeySet.empty() : state.registrations;
  const seen = new Set<string>();
  return registrations.map((r) => {
    const key = registrationKey(r);
    if (known.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const baseYear: Decider<BaseYearCommand, BaseYearEvent, BaseYearState> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    switch (command.type) {
      case 'register-trainees': {
        requireNotAssessed(state, command.base.year);
        const checked = command.registrations.map((r) => {
          const result = checkRegistration(r, command.rules);
          if (!result.ok) {
            const [first] = result.problems;
            throw new DomainError(
              first?.code ?? 'BASE_YEAR.INVALID_REGISTRATION',
              first?.message ?? '学员登记信息有误',
              'rule',
              result.problems.map((p) => ({
                field: p.field,
                message: p.message,
              })),
            );
          }
          return result.registration;
        });
        const fresh = partitionRegistrations(state, checked);
        const registered = checked
          .filter((_, i) => fresh[i])
          .map((data): BaseYearEvent => ({ type: 'base-year.trainee-registered.v1', data }));
        return registered.length === 0 ? [] : [...opening(state, command.base), ...registered];
      }
      case 'add-research-project': {
        requireNotAssessed(state, command.base.year);
        const checked = checkResearchProject(command.project, command.base.year);
        if (!checked.ok) {
          const [first] = checked.problems;
          throw new DomainError(
            first?.code ?? 'BASE_YEAR.INVALID_PROJECT',
            first?.message ?? '研修项目信息有误',
            'rule',
            checked.problems.map((p) => ({ field: p.field, message: p.message })),
          );
        }
        if (state.status !== 'none' && state.projects.has(projectKey(checked.project))) return [];
        return [
          ...opening(state, command.base),
          { type: 'base-year.research-project-added.v1', data: checked.project },
        ];
      }
      case 'assess': {
        // Exactly once: a second attempt finds the flag and decides nothing.
        if (state.status === 'assessed') return [];
        const { base, policy } = command;
        if (!yearClosed(base.year, command.today)) {
          throw new RuleViolation('BASE_YEAR.NOT_CLOSED', `${base.year}年度尚未结束，不能进行年度考核`, {
            year: base.year,
            today: command.today,
          });
        }
        const trainees = state.status === 'none' ? 0 : state.trainees.size;
        const researchProjects = state.status === 'none' ? 0 : state.projects.size;
        const traineeQuota = policy.traineeQuota[base.baseType];
        return [
          ...opening(state, base),
          {
            type: 'base-year.assessed.v1',
            data: {
              trainees,
              traineeQuota,
              researchProjects,
              projectQuota: policy.projectQuota,
              registrations: state.status === 'none' ? 0 : state.registrations.size,
              result: trainees >= traineeQuota && researchProjects >= policy.projectQuota ? 'met' : 'not_met',
              policyVersion: policy.version,
              assessedAt: command.now,
            },
          },
        ];
      }
      default:
        return assertNever(command, 'base-year command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'base-year.opened.v1':
        return {
          status: 'open',
          base: event.data,
          registrations: KeySet.empty(),
          trainees: KeySet.empty(),
          projects: KeySet.empty(),
        };
      case 'base-year.trainee-registered.v1':
        if (state.status === 'none') return state;
        return {
          ...state,
          registrations: state.registrations.add(registrationKey(event.data)),
          trainees: state.trainees.add(event.data.idNumber),
        };
      case 'base-year.research-project-added.v1':
        if (state.status === 'none') return state;
        return { ...state, projects: state.projects.add(projectKey(event.data)) };
      case 'base-year.assessed.v1':
        if (state.status === 'none') return state;
        return { ...state, status: 'assessed', assessment: event.data };
      default:
        return assertNever(event, 'base-year event');
    }
  },
};

function opening(state: BaseYearState, base: BaseYearRef): BaseYearEvent[] {
  return state.status === 'none' ? [{ type: 'base-year.opened.v1', data: { ...base } }] : [];
}

function requireNotAssessed(state: BaseYearState, year: number): void {
  if (state.status === 'assessed') {
    throw new ConflictError('BASE_YEAR.ASSESSED', `${year}年度已完成考核，不再受理登记`, { year });
  }
}
