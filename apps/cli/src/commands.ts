import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@ce/kernel';
import { EVENT_STORE, type EventStore } from '@ce/event-store';
import { PROJECTIONS, type Projection, ProjectionsQuery, rebuildProjection } from '@ce/projections';
import { Command, CommandRunner, Option } from 'nest-commander';
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
@Command({ name: 'verify', description: 'Verify the hash chains of all streams (or one)' })
export class VerifyCommand extends CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super();
  }

  async run(_params: string[], options: { stream?: string }): Promise<void> {
    const result = await this.store.verifyChain(options.stream ? { streamId: options.stream } : {});
    print(result);
    if (!result.ok) process.exitCode = 2;
  }

  @Option({ flags: '--stream <streamId>', description: 'only this stream' })
  parseStream(value: string): string {
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
    let lastShown = 0;
    const report = await rebuildProjection(this.dataSource, this.store, projection, {
      compare: Boolean(options.compare),
      switchOver: Boolean(options.switch),
      onProgress: (applied) => {
        if (applied - lastShown >= 50_000) {
          lastShown = applied;
          process.stderr.write(`  … ${applied} events replayed\n`);
        }
      },
    });
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
    const events = (await this.store.readStream(streamId ?? '')).filter((e) => e.recordedAt <= asOf);
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

export const COMMANDS = [MigrateCommand, VerifyCommand, RebuildCommand, ProjectionsCommand, ReplayCommand];
