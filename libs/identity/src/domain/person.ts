import { ConflictError, type Decider, RuleViolation } from '@ce/kernel';
import { checkIdNumber } from './id-number';

export interface PersonProfile {
  readonly name: string;
  readonly idNumber: string;
  readonly unitId: string;
}

export type PersonEvent = { type: 'person.registered.v1'; data: PersonProfile & { personId: string } };
export type PersonState = { status: 'none' } | ({ status: 'registered'; personId: string } & PersonProfile);

export type PersonCommand = {
  type: 'register';
  personId: string;
  name: string;
  idNumber: string;
  unitId: string;
  /** The unit as it is now; null when it does not exist. */
  unit: { kind: string } | null;
  today: string;
};

export const person: Decider<PersonCommand, PersonEvent, PersonState> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    if (state.status !== 'none') throw new ConflictError('PERSON.ALREADY_EXISTS', '该人员已存在');
    const name = command.name.trim();
    if (!name) throw new RuleViolation('PERSON.NAME_REQUIRED', '姓名不能为空');
    const id = checkIdNumber(command.idNumber, command.today);
    if (!id.ok) throw new RuleViolation('PERSON.INVALID_ID_NUMBER', id.message, { problem: id.problem });
    if (!command.unit) throw new RuleViolation('PERSON.UNIT_NOT_FOUND', '所在单位不存在');
    if (command.unit.kind !== 'unit')
      throw new RuleViolation('PERSON.NOT_A_UNIT', '专业技术人员须隶属于用人单位');
    return [
      {
        type: 'person.registered.v1',
        data: { personId: command.personId, name, idNumber: id.normalized, unitId: command.unitId },
      },
    ];
  },
  evolve(_state, event) {
    return { status: 'registered', ...event.data };
  },
};

export const personStream = (personId: string): string => `person-${personId}`;
