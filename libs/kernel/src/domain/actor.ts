/** Roles of API.md; every user belongs to one organisation and acts within it. */
export type Role =
  | 'person'
  | 'unit_admin'
  | 'department_reviewer'
  | 'district_reviewer'
  | 'city_reviewer'
  | 'base_operator'
  | 'auditor'
  | 'admin';

export const ROLES: readonly Role[] = [
  'person',
  'unit_admin',
  'department_reviewer',
  'district_reviewer',
  'city_reviewer',
  'base_operator',
  'auditor',
  'admin',
];

/** Who is acting: taken from the verified token, never from the request body. */
export interface Actor {
  readonly userId: string;
  readonly username?: string;
  readonly orgId: string;
  readonly roles: readonly Role[];
  readonly personId?: string;
}

export const hasRole = (actor: Actor, ...roles: Role[]): boolean =>
  roles.some((r) => actor.roles.includes(r));
