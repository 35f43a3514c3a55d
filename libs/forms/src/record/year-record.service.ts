import { Injectable } from '@nestjs/common';
import { type HourClaimState, HourClaimsService, YearLedgers, shanghaiDate } from '@ce/hours';
import { IdentityService, OrgDirectory } from '@ce/identity';
import type { Actor } from '@ce/kernel';
import { DataSource } from 'typeorm';
import { type RecordClaim, type YearRecord, assembleYearRecord } from './year-record';

/** Streams read at once while assembling one record: a busy year has dozens of claims, not thousands. */
const LOAD_CONCURRENCY = 8;

/**
 * 附件2 of one person's year. Which claims count comes from the ledger read model (the same rows the
 * year ledger sums, make-up claims under the year they make up); what each claim says and who
 * approved its last step come from the claim's own stream.
 */
@Injectable()
export class YearRecordService {
  constructor(
    private readonly identity: IdentityService,
    private readonly orgs: OrgDirectory,
    private readonly claims: HourClaimsService,
    private readonly dataSource: DataSource,
    private readonly ledgers: YearLedgers,
  ) {}

  /** The person, staff whose jurisdiction holds their unit, auditors and admins; anyone else gets 404. */
  async record(actor: Actor, personId: string, year: number): Promise<YearRecord> {
    const person = await this.identity.requirePersonVisible(actor, personId);
    const [unit, placement] = await Promise.all([
      this.orgs.get(person.unitId),
      this.orgs.placement(person.unitId),
    ]);
    const department = placement?.departmentId ? await this.orgs.get(placement.departmentId) : null;

    const entries = await this.ledgers.entries(personId, year);
    const states = await mapConcurrently(entries, LOAD_CONCURRENCY, (e) => this.claims.load(e.claimId));
    const registrations = states.map(lastApproval);
    const names = await this.displayNames(registrations.flatMap((r) => (r ? [r.by] : [])));

    const claims = entries.map((entry, i): RecordClaim => {
      const claim = states[i]?.claim;
      if (!claim) throw new Error(`ledger entry ${entry.claimId} has no claim stream`);
      const registration = registrations[i];
      return {
        // What counts is what the ledger counts: subject, kind, hours and make-up from its row.
        claimId: entry.claimId,
        subject: entry.subject,
        kind: entry.kind,
        hours: entry.hours,
        makeUp: entry.makeUp,
        title: claim.title,
        startDate: claim.startDate,
        endDate: claim.endDate,
        ...optional('organizer', claim.organizer),
        ...optional('place', claim.place),
        ...optional('certificateNo', claim.certificateNo),
        ...optional('studyType', claim.studyType),
        ...optional('assessment', claim.assessment),
        ...optional('achievementType', claim.achievementType),
        ...optional('achievementLevel', claim.achievementLevel),
        registrar: registration ? (names.get(registration.by) ?? null) : null,
        registeredAt: registration ? shanghaiDate(new Date(registration.at)) : null,
      };
    });

    return assembleYearRecord({
      personId: person.personId,
      name: person.name,
      unitName: unit?.name ?? '',
      departmentName: department?.name ?? null,
      year,
      claims,
      policy: await this.claims.hoursPolicy(),
      yearClosed: this.ledgers.isClosed(year),
    });
  }

  private async displayNames(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows: { id: string; display_name: string }[] = await this.dataSource.query(
      `SELECT id::text AS id, display_name FROM rm_users WHERE id::text = ANY ($1::text[])`,
      [[...new Set(userIds)]],
    );
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }
}

/** 登记人 and 登记时间: who decided the chain's last step (skipped levels do not count) and when. */
export function lastApproval(state: HourClaimState | undefined): { by: string; at: string } | null {
  const last = [...(state?.flow.steps ?? [])].reverse().find((s) => s.decision !== 'skipped');
  return last?.decision === 'approved' && last.by && last.at ? { by: last.by, at: last.at } : null;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Partial<Record<K, string>>) : {};
}

async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const item = items[index] as T;
      results[index] = await map(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
