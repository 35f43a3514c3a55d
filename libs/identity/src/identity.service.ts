import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, WrongExpectedRevisionError } from '@ce/event-store';
import {
  type Actor,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  type Role,
  foldEvents,
  handleCommand,
  metadataJson,
  hasRole,
  eventIdsFor,
  idForRequest,
  newId,
  toDomainEvent,
} from '@ce/kernel';
import { hashPassword } from './auth/password';
import { type OrgProfile, organisation, orgStream } from './domain/organisation';
import { type PersonEvent, person, personStream } from './domain/person';
import { type UserEvent, user, userStream, usernameStream } from './domain/user';
import { type CommandContext, metadataOf } from './http/command-context';
import { OrgDirectory } from './org-directory';

export interface Written {
  readonly id: string;
  readonly position: string;
}

export const idNumberStream = (idNumber: string): string =>
  `person-idnumber-${createHash('sha256').update(idNumber.toUpperCase()).digest('hex').slice(0, 40)}`;

/** Registers organisations, people and users; each is an event stream. */
@Injectable()
export class IdentityService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly orgs: OrgDirectory,
  ) {}

  async registerOrg(
    profile: OrgProfile,
    ctx: CommandContext,
    orgId: string = idForRequest('org', ctx.requestId, ctx.actor.userId),
  ): Promise<Written> {
    const parent = profile.parentId ? await this.orgs.get(profile.parentId) : null;
    const result = await handleCommand(
      this.store,
      orgStream(orgId),
      organisation,
      { type: 'register', orgId, profile, parent: parent ? { kind: parent.kind } : null },
      { metadata: metadataOf(ctx), ...(ctx.requestId ? { requestId: ctx.requestId } : {}) },
    );
    return { id: orgId, position: result.position ?? '' };
  }

  async registerPerson(
    input: { name: string; idNumber: string; unitId: string },
    ctx: CommandContext,
  ): Promise<Written> {
    await this.requireJurisdiction(ctx.actor, input.unitId, 'PERSON.OUTSIDE_JURISDICTION');
    const unit = await this.orgs.get(input.unitId);
    const personId = idForRequest('person', ctx.requestId, ctx.actor.userId);
    // Decide first, so an invalid number is refused before anything is reserved.
    const events = person.decide(
      {
        type: 'register',
        personId,
        name: input.name,
        idNumber: input.idNumber,
        unitId: input.unitId,
        unit: unit ? { kind: unit.kind } : null,
        today: ctx.now.toISOString().slice(0, 10),
      },
      person.initialState(),
    );
    const [registered] = events;
    if (!registered) throw new Error('person decider produced nothing');
    await this.reserve(
      idNumberStream(registered.data.idNumber),
      'person.id-number-reserved.v1',
      { personId },
      ctx,
      new ConflictError('PERSON.ID_NUMBER_TAKEN', '该身份证号已登记'),
    );
    const result = await this.store.append(
      personStream(personId),
      [
        {
          id: this.eventId(ctx, personStream(personId)),
          type: registered.type,
          data: { ...registered.data },
          metadata: metadataJson(metadataOf(ctx)),
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    return { id: personId, position: result.position };
  }

  async getPerson(personId: string): Promise<PersonEvent['data'] | null> {
    const events = await this.store.readStream(personStream(personId));
    const state = foldEvents(
      person,
      events.map((e) => toDomainEvent<PersonEvent>(e)),
    );
    return state.status === 'registered'
      ? { personId: state.personId, name: state.name, idNumber: state.idNumber, unitId: state.unitId }
      : null;
  }

  async registerUser(
    input: {
      username: string;
      password: string;
      displayName: string;
      orgId: string;
      roles: Role[];
      personId?: string;
    },
    ctx: CommandContext,
  ): Promise<Written> {
    const org = await this.orgs.get(input.orgId);
    const linked = input.personId ? await this.getPerson(input.personId) : null;
    const userId = idForRequest('user', ctx.requestId, ctx.actor.userId);
    const profile = {
      username: input.username,
      displayName: input.displayName,
      orgId: input.orgId,
      roles: [...new Set(input.roles)],
      ...(input.personId ? { personId: input.personId } : {}),
      passwordHash: await hashPassword(input.password),
    };
    const events = user.decide(
      {
        type: 'register',
        userId,
        profile,
        org: org ? { kind: org.kind } : null,
        person: linked ? { unitId: linked.unitId } : null,
      },
      user.initialState(),
    );
    const [registered] = events;
    if (!registered) throw new Error('user decider produced nothing');
    await this.reserve(
      usernameStream(input.username),
      'username.reserved.v1',
      { userId },
      ctx,
      new ConflictError('USER.USERNAME_TAKEN', '用户名已被使用'),
    );
    const result = await this.store.append(
      userStream(userId),
      [
        {
          id: this.eventId(ctx, userStream(userId)),
          type: registered.type,
          data: { ...registered.data, roles: [...registered.data.roles] },
          metadata: metadataJson(metadataOf(ctx)),
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    return { id: userId, position: result.position };
  }

  async getUser(userId: string): Promise<Actor | null> {
    const state = foldEvents(
      user,
      (await this.store.readStream(userStream(userId))).map((e) => toDomainEvent<UserEvent>(e)),
    );
    if (state.status !== 'registered') return null;
    return {
      userId: state.userId,
      username: state.username,
      orgId: state.orgId,
      roles: state.roles,
      ...(state.personId ? { personId: state.personId } : {}),
    };
  }

  /** A person's own account, a unit admin of their unit, or a reviewer above it. */
  async requireJurisdiction(actor: Actor, orgId: string, code = 'AUTH.OUTSIDE_JURISDICTION'): Promise<void> {
    if (!(await this.withinJurisdiction(actor, orgId))) {
      throw new ForbiddenError(code, '超出本机构的管辖范围');
    }
  }

  async withinJurisdiction(actor: Actor, orgId: string): Promise<boolean> {
    if (hasRole(actor, 'admin', 'auditor', 'city_reviewer')) return true;
    return this.orgs.isWithin(orgId, actor.orgId);
  }

  /** Whether the actor may see a person's records (hiding, not refusing: unknown and invisible look alike). */
  async canSeePerson(actor: Actor, target: { personId: string; unitId: string }): Promise<boolean> {
    if (actor.personId === target.personId) return true;
    if (hasRole(actor, 'person') && actor.roles.length === 1) return false;
    return this.withinJurisdiction(actor, target.unitId);
  }

  async requirePersonVisible(actor: Actor, personId: string): Promise<PersonEvent['data']> {
    const found = await this.getPerson(personId);
    if (!found || !(await this.canSeePerson(actor, found)))
      throw new NotFoundError('PERSON.NOT_FOUND', '人员不存在');
    return found;
  }

  /** Claims a unique key: the first writer of the stream owns it. */
  private async reserve(
    streamId: string,
    type: string,
    data: Record<string, string>,
    ctx: CommandContext,
    taken: Error,
  ): Promise<void> {
    try {
      await this.store.append(
        streamId,
        [{ id: this.eventId(ctx, streamId), type, data, metadata: metadataJson(metadataOf(ctx)) }],
        { expectedRevision: 'no_stream' },
      );
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw taken;
      throw error;
    }
  }

  /** Event ids from the request id: a retried request stores nothing twice and gets its first answer. */
  private eventId(ctx: CommandContext, streamId: string): string {
    const [id] = ctx.requestId ? eventIdsFor(ctx.requestId, streamId, 1) : [];
    return id ?? newId();
  }
}
