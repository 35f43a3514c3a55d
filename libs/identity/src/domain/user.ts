import { ConflictError, type Decider, type Role, RuleViolation } from '@ce/kernel';
import type { OrgKind } from './organisation';

export interface UserProfile {
  readonly username: string;
  readonly displayName: string;
  readonly orgId: string;
  readonly roles: readonly Role[];
  readonly personId?: string;
  readonly passwordHash: string;
}

export type UserEvent = { type: 'user.registered.v1'; data: UserProfile & { userId: string } };
export type UserState = { status: 'none' } | ({ status: 'registered'; userId: string } & UserProfile);

export type UserCommand = {
  type: 'register';
  userId: string;
  profile: UserProfile;
  org: { kind: OrgKind } | null;
  /** The person named by `personId`, as registered; null when absent or unknown. */
  person: { unitId: string } | null;
};

/** The kind of organisation each role acts for. */
export const ROLE_ORG_KINDS: Readonly<Record<Role, readonly OrgKind[]>> = {
  person: ['unit'],
  unit_admin: ['unit'],
  department_reviewer: ['department'],
  district_reviewer: ['district'],
  city_reviewer: ['city'],
  base_operator: ['base'],
  auditor: ['city', 'district'],
  admin: ['city'],
};

export const USERNAME = /^[A-Za-z0-9_.-]{3,40}$/;

export const user: Decider<UserCommand, UserEvent, UserState> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    if (state.status !== 'none') throw new ConflictError('USER.ALREADY_EXISTS', '该用户已存在');
    const { profile, org } = command;
    if (!USERNAME.test(profile.username)) {
      throw new RuleViolation('USER.INVALID_USERNAME', '用户名须为3至40位字母、数字、下划线、点或连字符');
    }
    if (profile.roles.length === 0) throw new RuleViolation('USER.ROLE_REQUIRED', '至少指定一个角色');
    if (!org) throw new RuleViolation('USER.ORG_NOT_FOUND', '所属机构不存在');
    for (const role of profile.roles) {
      if (!ROLE_ORG_KINDS[role].includes(org.kind)) {
        throw new RuleViolation('USER.ROLE_ORG_MISMATCH', `角色 ${role} 不能属于该类机构`, {
          role,
          orgKind: org.kind,
        });
      }
    }
    if (profile.roles.includes('person')) {
      if (!profile.personId || !command.person) {
        throw new RuleViolation('USER.PERSON_REQUIRED', '专业技术人员账号须关联已登记的人员');
      }
      if (command.person.unitId !== profile.orgId) {
        throw new RuleViolation('USER.PERSON_NOT_IN_ORG', '账号所属单位须与人员所在单位一致');
      }
    }
    return [
      {
        type: 'user.registered.v1',
        data: { userId: command.userId, ...profile, displayName: profile.displayName.trim() },
      },
    ];
  },
  evolve(_state, event) {
    return { status: 'registered', ...event.data };
  },
};

export const userStream = (userId: string): string => `user-${userId}`;
/** One stream per username makes the name unique: its first event names the owner. */
export const usernameStream = (username: string): string => `username-${username.toLowerCase()}`;
