import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@ce/event-store';
import { foldEvents, toDomainEvent } from '@ce/kernel';
import { type OrgEvent, type OrgKind, type OrgState, organisation, orgStream } from './domain/organisation';

export type OrgInfo = Extract<OrgState, { status: 'registered' }>;

export interface OrgPlacement {
  readonly unitId: string | null;
  readonly departmentId: string | null;
  readonly districtId: string | null;
  readonly cityId: string;
  readonly baseId: string | null;
}

/**
 * The organisation tree, read from the event store (the source of truth) rather than a read model,
 * so a unit created a moment ago is already known. Organisations never move or change kind, so
 * what was read once is kept.
 */
@Injectable()
export class OrgDirectory {
  private readonly cache = new Map<string, OrgInfo>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async get(orgId: string): Promise<OrgInfo | null> {
    const cached = this.cache.get(orgId);
    if (cached) return cached;
    const events = await this.store.readStream(orgStream(orgId));
    const state = foldEvents(
      organisation,
      events.map((e) => toDomainEvent<OrgEvent>(e)),
    );
    if (state.status !== 'registered') return null;
    this.cache.set(orgId, state);
    return state;
  }

  /** The organisation and its ancestors, nearest first. */
  async lineage(orgId: string): Promise<OrgInfo[]> {
    const chain: OrgInfo[] = [];
    let next: string | null = orgId;
    while (next !== null && chain.length < 10) {
      const org: OrgInfo | null = await this.get(next);
      if (!org) break;
      chain.push(org);
      next = org.parentId;
    }
    return chain;
  }

  async isWithin(orgId: string, ancestorId: string): Promise<boolean> {
    return (await this.lineage(orgId)).some((o) => o.orgId === ancestorId);
  }

  /** Where an organisation sits: its unit, department, district bureau, city and base. */
  async placement(orgId: string): Promise<OrgPlacement | null> {
    const lineage = await this.lineage(orgId);
    const first = (kind: OrgKind) => lineage.find((o) => o.kind === kind)?.orgId ?? null;
    const cityId = first('city');
    if (!cityId) return null;
    return {
      unitId: first('unit'),
      departmentId: first('department'),
      districtId: first('district'),
      cityId,
      baseId: first('base'),
    };
  }
}
