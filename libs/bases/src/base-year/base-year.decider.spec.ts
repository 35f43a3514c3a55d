import { specificationFor } from '@ce/kernel';
import { DEFAULT_BASES_POLICY } from '../domain/bases-policy';
import type { TraineeRegistration } from '../domain/trainee-registration';
import { idNumberCheckChar } from '../../../identity/src/domain/id-number';
import { type BaseYearEvent, type BaseYearRef, baseYear, partitionRegistrations } from './base-year.decider';

const spec = specificationFor(baseYear);
const base: BaseYearRef = { baseId: 'b-1', baseName: '鲁东大学', baseType: 'provincial', year: 2020 };
const rules = { year: 2020, today: '2020-09-01', hourStep: 0.5, maxHours: 120 };
const id = (sequence: number): string => {
  const first17 = `37060219850307${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
};
const trainee = (sequence: number, programme = '专业技术人员职业道德与诚信建设'): TraineeRegistration => ({
  idNumber: id(sequence),
  name: `学员${sequence}`,
  programme,
  hours: 12,
  completedOn: '2020-06-30',
});
const opened: BaseYearEvent = { type: 'base-year.opened.v1', data: base };
const registered = (r: TraineeRegistration): BaseYearEvent => ({
  type: 'base-year.trainee-registered.v1',
  data: r,
});
const project = (name: string): BaseYearEvent => ({
  type: 'base-year.research-project-added.v1',
  data: { name, startDate: '2020-05-01', endDate: '2020-05-03' },
});
const register = (...registrations: TraineeRegistration[]) =>
  ({ type: 'register-trainees', base, registrations, rules }) as const;
const assess = (today: string) =>
  ({
    type: 'assess',
    base,
    policy: DEFAULT_BASES_POLICY,
    today,
    now: `${today}T00:00:30.000+08:00`,
  }) as const;

describe('base year (基地年度): trainees, projects, assessment', () => {
  describe('registering trainees', () => {
    it('opens the year with the first registration', () => {
      spec
        .given([])
        .when(register(trainee(1)))
        .then([opened, registered(trainee(1))]);
    });

    it('normalises the ID number and the text it stores', () => {
      const lower = { ...trainee(1), idNumber: ` ${id(1).toLowerCase()} `, name: ' 学员1 ' };
      spec
        .given([])
        .when(register(lower))
        .then([opened, registered(trainee(1))]);
    });

    it('does not register the same person in the same programme twice, within a batch or later', () => {
      spec
        .given([opened, registered(trainee(1))])
        .when(register(trainee(1), trainee(2), trainee(2)))
        .then([registered(trainee(2))]);
      spec
        .given([opened, registered(trainee(1))])
        .when(register(trainee(1)))
        .then([]);
    });

    it('registers the same person again for another programme, counting them once as a trainee', () => {
      spec
        .given([opened, registered(trainee(1))])
        .when(register(trainee(1, '乡村振兴政策解读')))
        .thenState((state) => {
          if (state.status === 'none') throw new Error('expected an open year');
          expect(state.registrations.size).toBe(2);
          expect(state.trainees.size).toBe(1);
        });
    });

    it('refuses a bad 身份证号, a date outside the year or in the future, and bad hours', () => {
      spec
        .given([])
        .when(register({ ...trainee(1), idNumber: '370602198503071230' }))
        .thenThrows('BASE_YEAR.INVALID_ID_NUMBER');
      spec
        .given([])
        .when(register({ ...trainee(1), completedOn: '2019-12-31' }))
        .thenThrows('BASE_YEAR.DATE_OUTSIDE_YEAR');
      spec
        .given([])
        .when(register({ ...trainee(1), completedOn: '2020-09-02' }))
        .thenThrows('BASE_YEAR.DATE_IN_FUTURE');
      spec
        .given([])
        .when(register({ ...trainee(1), hours: 2.25 }))
        .thenThrows('BASE_YEAR.INVALID_HOURS');
      spec
        .given([])
        .when(register({ ...trainee(1), hours: 0 }))
        .thenThrows('BASE_YEAR.INVALID_HOURS');
    });

    it('tells which registrations of a batch are new', () => {
      const state = [opened, registered(trainee(1))].reduce(baseYear.evolve, baseYear.initialState());
      expect(partitionRegistrations(state, [trainee(1), trainee(2), trainee(2), trainee(3)])).toEqual([
        false,
        true,
        false,
        true,
      ]);
    });

    it('keeps 10,000 registrations quickly (the fold is linear)', () => {
      const many = Array.from({ length: 10_000 }, (_, i) => trainee(i % 1000, `项目${Math.floor(i / 1000)}`));
      const started = performance.now();
      const state = [opened, ...many.map(registered)].reduce(baseYear.evolve, baseYear.initialState());
      expect(performance.now() - started).toBeLessThan(1000);
      if (state.status === 'none') throw new Error('expected an open year');
      expect(state.registrations.size).toBe(10_000);
      expect(state.trainees.size).toBe(1000);
    });
  });

  describe('research projects (研修项目)', () => {
    it('adds a project once', () => {
      const add = {
        type: 'add-research-project',
        base,
        project: { name: ' 海洋牧场技术研修班 ', startDate: '2020-05-01', endDate: '2020-05-03' },
      } as const;
      spec
        .given([])
        .when(add)
        .then([opened, project('海洋牧场技术研修班')]);
      spec
        .given([opened, project('海洋牧场技术研修班')])
        .when(add)
        .then([]);
    });

    it('refuses dates out of order or outside the year', () => {
      spec
        .given([])
        .when({
          type: 'add-research-project',
          base,
          project: { name: 'x', startDate: '2020-05-03', endDate: '2020-05-01' },
        })
        .thenThrows('BASE_YEAR.DATES_OUT_OF_ORDER');
      spec
        .given([])
        .when({
          type: 'add-research-project',
          base,
          project: { name: 'x', startDate: '2021-01-03', endDate: '2021-01-05' },
        })
        .thenThrows('BASE_YEAR.DATE_OUTSIDE_YEAR');
    });
  });

  describe('year-end assessment (年度考核)', () => {
    const full = [
      opened,
      ...Array.from({ length: 2000 }, (_, i) => registered(trainee(i % 1000, `项目${i < 1000 ? 'A' : 'B'}`))),
      project('一'),
      project('二'),
      project('三'),
      project('四'),
    ];

    it('is refused before the year has closed (Asia/Shanghai)', () => {
      spec.given([opened]).when(assess('2020-12-31')).thenThrows('BASE_YEAR.NOT_CLOSED');
    });

    it('records the figures, counting distinct people, once the year has closed', () => {
      spec
        .given(full)
        .when(assess('2021-01-01'))
        .then([
          {
            type: 'base-year.assessed.v1',
            data: {
              trainees: 1000,
              traineeQuota: 2000,
              researchProjects: 4,
              projectQuota: 4,
              registrations: 2000,
              result: 'not_met',
              policyVersion: DEFAULT_BASES_POLICY.version,
              assessedAt: '2021-01-01T00:00:30.000+08:00',
            },
          },
        ]);
    });

    it('assesses a year without any activity as not met', () => {
      spec
        .given([])
        .when(assess('2021-01-01'))
        .thenState((state, events) => {
          expect(events.map((e) => e.type)).toEqual(['base-year.opened.v1', 'base-year.assessed.v1']);
          expect(state.status).toBe('assessed');
        });
    });

    it('happens exactly once: a second attempt decides nothing', () => {
      const [assessed] = baseYear.decide(
        assess('2021-01-01'),
        full.reduce(baseYear.evolve, baseYear.initialState()),
      );
      if (!assessed) throw new Error('expected an assessment');
      spec
        .given([...full, assessed])
        .when(assess('2021-01-02'))
        .then([]);
    });

    it('closes the year to further registrations and projects', () => {
      const [, assessed] = baseYear.decide(assess('2021-01-01'), baseYear.initialState());
      if (!assessed) throw new Error('expected an assessment');
      spec
        .given([opened, assessed])
        .when(register(trainee(1)))
        .thenThrows('BASE_YEAR.ASSESSED');
    });
  });
});
