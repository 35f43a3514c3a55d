import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@ce/kernel';
import { DataSource } from 'typeorm';
import { type LedgerEntry, type YearLedger, computeYearLedger } from './domain/year-ledger';
import { HourClaimsService, shanghaiDate } from './hour-claims.service';

interface EntryRow {
  claim_id: string;
  person_id: string;
  year: number;
  subject: LedgerEntry['subject'];
  kind: LedgerEntry['kind'];
  hours: string;
  make_up: boolean;
}

const toEntry = (r: EntryRow): LedgerEntry => ({
  claimId: r.claim_id,
  subject: r.subject,
  kind: r.kind,
  hours: Number(r.hours),
  makeUp: r.make_up,
});

/**
 * People's year ledgers from the approved claims of the hour-claims read model, the current hours
 * policy and the rules of `computeYearLedger` — the one place every reader (the ledger endpoint,
 * certificates, the yearly record, dashboards, deadline obligations) computes them.
 */
@Injectable()
export class YearLedgers {
  constructor(
    private readonly dataSource: DataSource,
    private readonly claims: HourClaimsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A year is closed once the clock (Asia/Shanghai) has passed its end. */
  isClosed(year: number): boolean {
    return year < Number(shanghaiDate(this.clock.now()).slice(0, 4));
  }

  /** The approved entries of one person's year (ordered by claim id). */
  async entries(personId: string, year: number): Promise<LedgerEntry[]> {
    return (await this.entriesOf(personId, [year])).get(year) ?? [];
  }

  /** One person's ledgers for the given years. */
  async ofPerson(personId: string, years: readonly number[]): Promise<Map<number, YearLedger>> {
    const [entries, policy] = await Promise.all([this.entriesOf(personId, years), this.claims.hoursPolicy()]);
    return new Map(
      years.map((year) => [
        year,
        computeYearLedger(year, entries.get(year) ?? [], policy, this.isClosed(year)),
      ]),
    );
  }

  async ofPersonYear(personId: string, year: number): Promise<YearLedger> {
    return (await this.withEntries(personId, year)).ledger;
  }

  /** One person's year: its approved entries and the ledger computed from them, in one read. */
  async withEntries(personId: string, year: number): Promise<{ entries: LedgerEntry[]; ledger: YearLedger }> {
    const [byYear, policy] = await Promise.all([this.entriesOf(personId, [year]), this.claims.hoursPolicy()]);
    const entries = byYear.get(year) ?? [];
    return { entries, ledger: computeYearLedger(year, entries, policy, this.isClosed(year)) };
  }

  /**
   * The ledgers of many people's year in one query: everybody with approved claims of the year in the
   * scope (people at or below `scopeOrgId`, or everybody); people without claims are `not_started`
   * (or `non_compliant` once the year closed) — compute theirs with `empty`.
   */
  async ofYear(
    year: number,
    scopeOrgId: string | null = null,
  ): Promise<{ ledgers: Map<string, YearLedger>; empty: YearLedger }> {
    const rows: EntryRow[] = await this.dataSource.query(
      `SELECT e.person_id, e.subject, e.kind, e.make_up, sum(e.hours)::text AS hours,
              e.person_id || '/' || e.subject || '/' || e.kind || '/' || e.make_up AS claim_id
         FROM rm_ledger_entries e
         JOIN rm_persons p ON p.id = e.person_id
        WHERE e.year = $1 AND ($2::uuid IS NULL OR $2 = ANY (p.org_ancestors) OR p.unit_id = $2)
        GROUP BY e.person_id, e.subject, e.kind, e.make_up`,
      [year, scopeOrgId],
    );
    const byPerson = new Map<string, LedgerEntry[]>();
    for (const row of rows) {
      const list = byPerson.get(row.person_id) ?? [];
      list.push(toEntry(row));
      byPerson.set(row.person_id, list);
    }
    const policy = await this.claims.hoursPolicy();
    const closed = this.isClosed(year);
    return {
      ledgers: new Map(
        [...byPerson].map(([personId, entries]) => [
          personId,
          computeYearLedger(year, entries, policy, closed),
        ]),
      ),
      empty: computeYearLedger(year, [], policy, closed),
    };
  }

  private async entriesOf(personId: string, years: readonly number[]): Promise<Map<number, LedgerEntry[]>> {
    const rows: EntryRow[] = await this.dataSource.query(
      `SELECT claim_id, person_id, year, subject, kind, hours::text AS hours, make_up FROM rm_ledger_entries
        WHERE person_id = $1 AND year = ANY ($2::int[]) ORDER BY claim_id`,
      [personId, years],
    );
    const byYear = new Map<number, LedgerEntry[]>();
    for (const row of rows) {
      const list = byYear.get(row.year) ?? [];
      list.push(toEntry(row));
      byYear.set(row.year, list);
    }
    return byYear;
  }
}
