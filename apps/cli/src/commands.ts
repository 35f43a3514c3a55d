import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@ce/kernel';
import { EVENT_STORE, type EventStore } from '@ce/event-store';
import { PROJECTIONS, type Projection, ProjectionsQuery, rebuildProjection } from '@ce/projections';
import { Command, CommandRunner, Option } from 'nest-commander';
import { Presets, SingleBar } from 'cli-progress';
import { createWriteStream } from 'node:fs';
import { AuditService, CSV_HEADER, type FeedFilter, csvLine, effectiveTime } from '@ce/audit';
import { DataSource } from 'typeorm';

const print = (value: unknown): void => {
  process.stdout.write(
    `${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`,
  );
};

/** Starting the context already ran every migration; this command only reports it. */
@Injectable()
@Command({ name: 'migrate', description: 'Apply event-store and read-model migrations' })
export class MigrateCommand extends CommandRunner {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async run(): Promise<void> {
    const rows: { name: string }[] = await this.dataSource.query('SELECT name FROM migrations ORDER BY id');
    print({ ok: true, readModelMigrations: rows.map((r) => r.name) });
  }
}

@Injectable()
@Command({
  name: 'verify',
  description: 'Verify the hash chains of all streams (or one) and the signed checkpoints',
})
export class VerifyCommand extends CommandRunner {
  constructor(private readonly audit: AuditService) {
    super();
  }

  async run(_params: string[], options: { stream?: string }): Promise<void> {
    const started = performance.now();
    const result = await this.audit.verify(options.stream);
    const seconds = (performance.now() - started) / 1000;
    print({
      ...result,
      seconds: Number(seconds.toFixed(3)),
      eventsPerSecond: Math.round(result.checkedEvents / seconds),
    });
    if (!result.ok) process.exitCode = 2;
  }

  @Option({ flags: '--stream <streamId>', description: 'only this stream' })
  parseStream(value: string): string {
    return value;
  }
}

@Injectable()
@Command({ name: 'checkpoint', description: 'Write a signed checkpoint over every stream head now' })
export class CheckpointCommand extends CommandRunner {
  constructor(private readonly audit: AuditService) {
    super();
  }

  async run(): Promise<void> {
    print(
      (await this.audit.checkpoints.create()) ?? {
        created: false,
        reason: 'nothing new since the last checkpoint',
      },
    );
  }
}

@Injectable()
@Command({ name: 'export-feed', description: 'Export the global event feed (filtered) as JSON Lines or CSV' })
export class ExportFeedCommand extends CommandRunner {
  constructor(
    private readonly audit: AuditService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super();
  }

  async run(
    _params: string[],
    options: {
      format?: string;
      out?: string;
      types?: string;
      streamPrefix?: string;
      orgId?: string;
      from?: string;
      to?: string;
    },
  ): Promise<void> {
    const format = options.format ?? 'jsonl';
    if (format !== 'jsonl' && format !== 'csv') {
      process.stderr.write(`--format must be jsonl or csv, not ${format}\n`);
      process.exitCode = 1;
      return;
    }
    const filter: FeedFilter = {
      ...(options.types ? { types: options.types.split(',') } : {}),
      ...(options.streamPrefix ? { streamPrefix: options.streamPrefix } : {}),
      ...(options.orgId ? { orgId: options.orgId } : {}),
      ...(options.from ? { from: new Date(options.from) } : {}),
      ...(options.to ? { to: new Date(options.to) } : {}),
    };
    const out = options.out ? createWriteStream(options.out) : process.stdout;
    const total = (await this.store.countEventsAfter?.(null, 100_000_000)) ?? 0;
    const bar = new SingleBar(
      { format: 'export {bar} {percentage}% | {value}/{total} events scanned', stream: process.stderr },
      Presets.shades_classic,
    );
    bar.start(total, 0);
    let written = 0;
    if (format === 'csv') out.write(`\uFEFF${CSV_HEADER}\r\n`);
    for await (const page of this.audit.feedAll(filter)) {
      bar.increment(page.scanned);
      if (page.items.length === 0) continue;
      const chunk = page.items
        .map((e) => (format === 'csv' ? `${csvLine(e)}\r\n` : `${JSON.stringify(e)}\n`))
        .join('');
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      written += page.items.length;
    }
    bar.stop();
    if (out !== process.stdout) await new Promise<void>((resolve) => out.end(resolve));
    process.stderr.write(`${written} events exported\n`);
  }

  @Option({ flags: '--format <format>', description: 'jsonl (default) or csv' })
  parseFormat(value: string): string {
    return value;
  }

  @Option({ flags: '--out <file>', description: 'write to this file instead of standard output' })
  parseOut(value: string): string {
    return value;
  }

  @Option({ flags: '--types <types>', description: 'comma-separated event types' })
  parseTypes(value: string): string {
    return value;
  }

  @Option({ flags: '--stream-prefix <prefix>', description: 'streams whose name starts so, e.g. hour-claim' })
  parseStreamPrefix(value: string): string {
    return value;
  }

  @Option({ flags: '--org-id <orgId>', description: 'events caused by users of this organisation' })
  parseOrgId(value: string): string {
    return value;
  }

  @Option({ flags: '--from <instant>', description: 'events on or after this instant' })
  parseFrom(value: string): string {
    return value;
  }

  @Option({ flags: '--to <instant>', description: 'events on or before this instant' })
  parseTo(value: string): string {
    return value;
  }
}

@Injectable()
@Command({
  name: 'rebuild',
  arguments: '<projection>',
  description: 'Rebuild a projection into fresh tables; optionally compare with the live ones and switch',
})
export class RebuildCommand extends CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTIONS) private readonly projections: Projection[],
  ) {
    super();
  }

  async run([name]: string[], options: { compare?: boolean; switch?: boolean }): Promise<void> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) {
      process.stderr.write(
        `Unknown projection "${name}". Known: ${this.projections.map((p) => p.name).join(', ')}\n`,
      );
      process.exitCode = 1;
      return;
    }
    if (options.compare && !options.switch) {
      const live: { position: string | null }[] = await this.dataSource.query(
        `SELECT position FROM projection_checkpoints WHERE name = $1`,
        [projection.name],
      );
      if (!live[0]?.position) {
        process.stderr.write(
          `Projection "${projection.name}" has not run here yet: there is nothing live to compare with. ` +
            `Start the worker, or build it with --switch first.\n`,
        );
        process.exitCode = 1;
        return;
      }
    }
    // The bar counts events replayed against all events in the store (those the projection
    // ignores are skipped, so it may end short of 100%).
    const total = (await this.store.countEventsAfter?.(null, 100_000_000)) ?? 0;
    const bar = new SingleBar(
      {
        format: `rebuild ${projection.name} {bar} {percentage}% | {value}/{total} events`,
        stream: process.stderr,
      },
      Presets.shades_classic,
    );
    bar.start(total, 0);
    const report = await rebuildProjection(this.dataSource, this.store, projection, {
      compare: Boolean(options.compare),
      switchOver: Boolean(options.switch),
      onProgress: (applied) => bar.update(Math.min(applied, total)),
    }).finally(() => bar.stop());
    print(report);
    if (report.differences?.some((d) => d.onlyInLive > 0 || d.onlyInRebuild > 0)) process.exitCode = 3;
  }

  @Option({ flags: '--compare', description: 'compare the rebuilt tables with the live ones row by row' })
  parseCompare(): boolean {
    return true;
  }

  @Option({ flags: '--switch', description: 'replace the live tables with the rebuilt ones' })
  parseSwitch(): boolean {
    return true;
  }
}

@Injectable()
@Command({ name: 'projections', description: 'Checkpoint, lag and status of every projection' })
export class ProjectionsCommand extends CommandRunner {
  constructor(private readonly projections: ProjectionsQuery) {
    super();
  }

  async run(): Promise<void> {
    print(await this.projections.status());
  }
}

@Injectable()
@Command({
  name: 'replay',
  arguments: '<stream>',
  description: 'Print a stream’s events, optionally as of an instant',
})
export class ReplayCommand extends CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async run([streamId]: string[], options: { asOf?: string }): Promise<void> {
    const asOf = options.asOf ? new Date(options.asOf) : this.clock.now();
    if (Number.isNaN(asOf.getTime())) {
      process.stderr.write(`--as-of: not an instant: ${options.asOf}\n`);
      process.exitCode = 1;
      return;
    }
    const events = (await this.store.readStream(streamId ?? '')).filter((e) => effectiveTime(e) <= asOf);
    if (events.length === 0) {
      process.stderr.write(`No events in stream ${streamId} as of ${asOf.toISOString()}\n`);
      process.exitCode = 1;
      return;
    }
    print({ streamId, asOf: asOf.toISOString(), events });
  }

  @Option({ flags: '--as-of <instant>', description: 'ISO 8601 instant' })
  parseAsOf(value: string): string {
    return value;
  }
}

export const COMMANDS = [
  MigrateCommand,
  VerifyCommand,
  CheckpointCommand,
  ExportFeedCommand,
  RebuildCommand,
  ProjectionsCommand,
  ReplayCommand,
];
