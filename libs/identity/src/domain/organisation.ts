import { ConflictError, type Decider, RuleViolation } from '@ce/kernel';

export type OrgKind = 'city' | 'district' | 'department' | 'unit' | 'base';
export type UnitType = 'public_institution' | 'enterprise';
export type Sector = 'education' | 'health' | 'accounting' | 'other';
export type BaseType = 'provincial' | 'rural_revitalization';

export const ORG_KINDS: readonly OrgKind[] = ['city', 'district', 'department', 'unit', 'base'];
export const UNIT_TYPES: readonly UnitType[] = ['public_institution', 'enterprise'];
export const SECTORS: readonly Sector[] = ['education', 'health', 'accounting', 'other'];
export const BASE_TYPES: readonly BaseType[] = ['provincial', 'rural_revitalization'];

export const ROOT_ORG_NAME = '烟台市人力资源和社会保障局';

export interface OrgProfile {
  readonly name: string;
  readonly kind: OrgKind;
  readonly parentId: string | null;
  readonly unitType?: UnitType;
  readonly sector?: Sector;
  readonly baseType?: BaseType;
}

export type OrgEvent = { type: 'org.registered.v1'; data: OrgProfile & { orgId: string } };

export type OrgState = { status: 'none' } | ({ status: 'registered'; orgId: string } & OrgProfile);

export type OrgCommand = {
  type: 'register';
  orgId: string;
  profile: OrgProfile;
  /** The parent as it is now (read by the handler from its stream); null for the city. */
  parent: { kind: OrgKind } | null;
};

/** Which kinds of parent each kind of organisation may have (API.md "orgs"). */
export const ALLOWED_PARENTS: Readonly<Record<OrgKind, readonly OrgKind[]>> = {
  city: [],
  district: ['city'],
  department: ['district', 'city'],
  unit: ['department', 'district', 'city'],
  base: ['city'],
};

const KIND_LABEL: Record<OrgKind, string> = {
  city: '市人社局',
  district: '区市人社局',
  department: '主管部门',
  unit: '用人单位',
  base: '继续教育基地',
};

export const organisation: Decider<OrgCommand, OrgEvent, OrgState> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    if (state.status !== 'none') throw new ConflictError('ORG.ALREADY_EXISTS', '该机构已存在');
    const { profile, parent } = command;
    if (!profile.name.trim()) throw new RuleViolation('ORG.NAME_REQUIRED', '机构名称不能为空');
    if (profile.kind === 'city') {
      if (profile.parentId !== null)
        throw new RuleViolation('ORG.INVALID_PARENT', '市人社局是最上级机构，不能有上级');
    } else {
      if (!parent) throw new RuleViolation('ORG.PARENT_NOT_FOUND', '上级机构不存在');
      if (!ALLOWED_PARENTS[profile.kind].includes(parent.kind)) {
        throw new RuleViolation(
          'ORG.INVALID_PARENT',
          `${KIND_LABEL[profile.kind]}的上级不能是${KIND_LABEL[parent.kind]}`,
          { kind: profile.kind, parentKind: parent.kind, allowed: [...ALLOWED_PARENTS[profile.kind]] },
        );
      }
    }
    if (profile.kind === 'unit' && !profile.unitType) {
      throw new RuleViolation('ORG.UNIT_TYPE_REQUIRED', '用人单位须注明单位类型（事业单位或企业）');
    }
    if (profile.kind === 'base' && !profile.baseType) {
      throw new RuleViolation('ORG.BASE_TYPE_REQUIRED', '继续教育基地须注明基地类型');
    }
    const data: OrgEvent['data'] = {
      orgId: command.orgId,
      name: profile.name.trim(),
      kind: profile.kind,
      parentId: profile.parentId,
      ...(profile.kind === 'unit' ? { unitType: profile.unitType, sector: profile.sector ?? 'other' } : {}),
      ...(profile.kind === 'base' ? { baseType: profile.baseType } : {}),
    };
    return [{ type: 'org.registered.v1', data }];
  },
  evolve(_state, event) {
    return { status: 'registered', ...event.data };
  },
};

export const orgStream = (orgId: string): string => `org-${orgId}`;
