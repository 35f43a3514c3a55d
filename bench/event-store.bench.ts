/**
 * Event-store benchmark: PostgresEventStore against a raw PostgreSQL floor and the peer library
 * (@event-driven-io/emmett-postgresql), measured in the same run, each in its own fresh database.
 *
 *   npm run bench:event-store            # full run (~5 min on 2 cores)
 *   BENCH_SCALE=0.2 npx tsx bench/event-store.bench.ts   # quick smoke run
 *
 * stdout: one JSON object per line (results only); stderr: progress.
 * Cases are measured interleaved: each case is split into rounds, and in every round each system
 * runs its share back-to-back, in an order that rotates, so that drift on a shared machine
 * spreads over all three.
 */
import { performance } from 'node:perf_hooks';
import { createTestDatabase, type TestDatabase } from '../libs/testing/src/test-database';
import { captureParsers } from './lib/pg-parsers';
import { ratio, round, summarizeLatencies, Tally } from './lib/stats';
import {
  OursSystem,
  PeerSystem,
  RawSystem,
  type BenchSystem,
  type SystemKey,
  type Writer,
} from './lib/systems';

const BENCH = 'event-store';

function readScale(): number {
  const raw = process.env.BENCH_SCALE;
  if (raw === undefined || raw.trim() === '') return 1;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`BENCH_SCALE must be a positive number, got "${raw}"`);
  return value;
}

const SCALE = readScale();
const scaled = (n: number, min: number): number => Math.max(min, Math.round(n * SCALE));

interface AppendCase {
  readonly name: string;
  readonly concurrency: number;
  readonly calls: number;
  readonly eventsPerCall: number;
  readonly streamsPerWriter: number;
}

const APPEND_CASES: readonly AppendCase[] = [
  {
    name: 'append-single-c1',
    concurrency: 1,
    calls: scaled(3_000, 30),
    eventsPerCall: 1,
    streamsPerWriter: 20,
  },
  {
    name: 'append-single-c8',
    concurrency: 8,
    calls: scaled(10_000, 80),
    eventsPerCall: 1,
    streamsPerWriter: 20,
  },
  {
    name: 'append-single-c32',
    concurrency: 32,
    calls: scaled(10_000, 320),
    eventsPerCall: 1,
    streamsPerWriter: 20,
  },
  {
    name: 'append-batch100',
    concurrency: 8,
    calls: scaled(300, 16),
    eventsPerCall: 100,
    streamsPerWriter: 5,
  },
];
const APPEND_ROUNDS = 3;
const READ_ROUNDS = 2;
const PAGE_SIZE = 1_000;
const CATCH_UP_EVENTS = scaled(200_000, 2_000);
const CONSUMER_EVENTS = scaled(20_000, 1_000);
const CATCH_UP_ROUNDS = 2;
const CATCH_UP_TIMEOUT_MS = 120_000;
const LOAD_EVENTS_PER_CALL = 1_000;
const LOAD_CONCURRENCY = 4;

const TARGETS = {
  append_single_vs_raw_min: 0.6,
  append_single_vs_peer_min: 1.0,
  catch_up_events_per_s_min: 20_000,
} as const;

function emit(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ bench: BENCH, ...line })}\n`);
}

function progress(message: string): void {
  process.stderr.write(`[bench ${((performance.now() - startedAt) / 1000).toFixed(1)}s] ${message}\n`);
}

const startedAt = performance.now();

/** Splits `total` as evenly as possible over `parts`. */
function split(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const extra = total % parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}

/** Runs `calls` appends spread over the writers, each writer sequential; measures every call. */
async function runWriters(
  writers: readonly Writer[],
  calls: number,
): Promise<{ elapsedMs: number; latenciesMs: number[] }> {
  const shares = split(calls, writers.length);
  const latenciesMs: number[] = [];
  const started = performance.now();
  await Promise.all(
    writers.map(async (writer, i) => {
      const share = shares[i] ?? 0;
      for (let k = 0; k < share; k++) {
        const t0 = performance.now();
        await writer.append();
        latenciesMs.push(performance.now() - t0);
      }
    }),
  );
  return { elapsedMs: performance.now() - started, latenciesMs };
}

/** The systems in the order of round `r` (rotating). */
function rotation(systems: readonly BenchSystem[], r: number): BenchSystem[] {
  const n = systems.length;
  return Array.from({ length: n }, (_, i) => systems[(i + r) % n]).filter(
    (s): s is BenchSystem => s !== undefined,
  );
}

type Results = Map<SystemKey, Tally>;

function newResults(): Results {
  return new Map<SystemKey, Tally>([
    ['ours', new Tally()],
    ['raw', new Tally()],
    ['peer', new Tally()],
  ]);
}

function tallyOf(results: Results, key: SystemKey): Tally {
  const tally = results.get(key);
  if (!tally) throw new Error(`no tally for ${key}`);
  return tally;
}

interface CaseOutcome {
  readonly ours: number;
  readonly raw: number;
  readonly peer: number;
}

async function appendCase(
  systems: readonly BenchSystem[],
  spec: AppendCase,
  caseIndex: number,
): Promise<CaseOutcome> {
  progress(
    `${spec.name}: ${spec.calls} calls x ${spec.eventsPerCall} event(s), concurrency ${spec.concurrency}`,
  );
  const writers = new Map<SystemKey, Writer[]>();
  for (const system of systems) {
    writers.set(
      system.key,
      Array.from({ length: spec.concurrency }, (_, w) =>
        system.writer(`bench-${spec.name}-w${w}`, spec.streamsPerWriter, spec.eventsPerCall),
      ),
    );
  }
  const writersOf = (key: SystemKey): Writer[] => writers.get(key) ?? [];

  // Warm-up: opens every pooled connection and warms plans/caches; not measured.
  const warmUp = Math.max(spec.concurrency * 4, Math.ceil(spec.calls * 0.05));
  for (const system of rotation(systems, caseIndex)) {
    system.activate();
    await runWriters(writersOf(system.key), warmUp);
  }

  const results = newResults();
  const perRound = split(spec.calls, APPEND_ROUNDS);
  for (let r = 0; r < APPEND_ROUNDS; r++) {
    for (const system of rotation(systems, caseIndex + r)) {
      system.activate();
      const calls = perRound[r] ?? 0;
      const segment = await runWriters(writersOf(system.key), calls);
      tallyOf(results, system.key).add({ events: calls * spec.eventsPerCall, calls, ...segment });
    }
  }

  const figures = (key: SystemKey) => {
    const tally = tallyOf(results, key);
    const latency = summarizeLatencies(tally.latenciesMs);
    return {
      events_per_s: round(tally.eventsPerSecond(), 1),
      p50_ms: round(latency.p50),
      p99_ms: round(latency.p99),
      calls: tally.calls,
      events: tally.events,
      concurrency: spec.concurrency,
      events_per_call: spec.eventsPerCall,
      elapsed_s: round(tally.elapsedMs / 1000),
    };
  };
  const ours = tallyOf(results, 'ours').eventsPerSecond();
  const raw = tallyOf(results, 'raw').eventsPerSecond();
  const peer = tallyOf(results, 'peer').eventsPerSecond();
  emit({ case: `raw:${spec.name}`, ...figures('raw') });
  emit({ case: `peer:${spec.name}`, ...figures('peer') });
  const { events_per_s, p50_ms, p99_ms, ...rest } = figures('ours');
  emit({
    case: spec.name,
    events_per_s,
    p50_ms,
    p99_ms,
    vs_raw: ratio(ours, raw),
    vs_peer: ratio(ours, peer),
    ...rest,
  });
  return { ours, raw, peer };
}

/** Tops every store up to `target` events with large batch appends (not measured). */
async function load(systems: readonly BenchSystem[], target: number): Promise<void> {
  for (const system of systems) {
    system.activate();
    const have = await system.countEvents();
    const missing = Math.max(0, target - have);
    const calls = Math.ceil(missing / LOAD_EVENTS_PER_CALL);
    const started = performance.now();
    if (calls > 0) {
      const shares = split(calls, LOAD_CONCURRENCY);
      await Promise.all(
        shares.map(async (share, w) => {
          const writer = system.writer(`bench-load-w${w}`, Math.max(1, share), LOAD_EVENTS_PER_CALL);
          for (let k = 0; k < share; k++) await writer.append();
        }),
      );
    }
    await system.vacuum();
    const total = await system.countEvents();
    progress(
      `${system.key}: loaded ${calls * LOAD_EVENTS_PER_CALL} events (${calls} x ${LOAD_EVENTS_PER_CALL}) in ` +
        `${((performance.now() - started) / 1000).toFixed(1)}s incl. VACUUM ANALYZE; store holds ${total}`,
    );
  }
}

/** How many distinct events a reader returned, and how many it returned more than once. */
function integrity(ids: readonly string[]): { unique: number; duplicates: number } {
  const unique = new Set(ids).size;
  return { unique, duplicates: ids.length - unique };
}

/** Worst case over the passes of one system: duplicates returned and stored events never returned. */
class Worst {
  duplicates = 0;
  missing = 0;
  minUnique = Number.POSITIVE_INFINITY;

  add(ids: readonly string[], expected: number): void {
    const { unique, duplicates } = integrity(ids);
    this.duplicates = Math.max(this.duplicates, duplicates);
    this.missing = Math.max(this.missing, expected - unique);
    this.minUnique = Math.min(this.minUnique, unique);
  }
}

function worstOf(map: Map<SystemKey, Worst>, key: SystemKey): Worst {
  let worst = map.get(key);
  if (!worst) {
    worst = new Worst();
    map.set(key, worst);
  }
  return worst;
}

async function readAllCase(systems: readonly BenchSystem[], caseIndex: number): Promise<CaseOutcome> {
  progress(`read-all: ${READ_ROUNDS} full passes per system, pages of ${PAGE_SIZE}`);
  const results = newResults();
  const stored = new Map<SystemKey, number>();
  const worst = new Map<SystemKey, Worst>();
  for (const system of systems) stored.set(system.key, await system.countEvents());
  for (let r = 0; r < READ_ROUNDS; r++) {
    for (const system of rotation(systems, caseIndex + r)) {
      system.activate();
      const ids: string[] = [];
      const started = performance.now();
      const events = await system.readAll(PAGE_SIZE, ids);
      const elapsedMs = performance.now() - started;
      tallyOf(results, system.key).add({ events, calls: Math.ceil(events / PAGE_SIZE), elapsedMs });
      worstOf(worst, system.key).add(ids, stored.get(system.key) ?? 0);
      progress(`read-all ${system.key}: ${events} events in ${(elapsedMs / 1000).toFixed(2)}s`);
    }
  }
  const figures = (key: SystemKey) => {
    const tally = tallyOf(results, key);
    const w = worstOf(worst, key);
    return {
      events_per_s: round(tally.eventsPerSecond(), 1),
      events: tally.events,
      passes: READ_ROUNDS,
      page_size: PAGE_SIZE,
      elapsed_s: round(tally.elapsedMs / 1000),
      store_events: stored.get(key) ?? null,
      // Worst pass: stored events the pass never returned, and events it returned twice.
      missed_events: w.missing,
      duplicate_events: w.duplicates,
    };
  };
  const bySystem = new Map(systems.map((s) => [s.key, s]));
  const ours = tallyOf(results, 'ours').eventsPerSecond();
  const raw = tallyOf(results, 'raw').eventsPerSecond();
  const peer = tallyOf(results, 'peer').eventsPerSecond();
  emit({ case: 'raw:read-all', ...figures('raw'), method: bySystem.get('raw')?.readAllMethod });
  emit({ case: 'peer:read-all', ...figures('peer'), peer_method: bySystem.get('peer')?.readAllMethod });
  const { events_per_s, ...rest } = figures('ours');
  emit({ case: 'read-all', events_per_s, vs_raw: ratio(ours, raw), vs_peer: ratio(ours, peer), ...rest });
  return { ours, raw, peer };
}

async function catchUpCase(
  systems: readonly BenchSystem[],
  peer: PeerSystem,
  caseIndex: number,
): Promise<CaseOutcome & { complete: boolean }> {
  progress(
    `catch-up: ${CATCH_UP_EVENTS} events from the start, ${CATCH_UP_ROUNDS} runs per system, pages of ${PAGE_SIZE}`,
  );
  const results = newResults();
  const worst = new Map<SystemKey, Worst>();
  for (let r = 0; r < CATCH_UP_ROUNDS; r++) {
    for (const system of rotation(systems, caseIndex + r)) {
      system.activate();
      const ids: string[] = [];
      const started = performance.now();
      const received = await system.catchUp(CATCH_UP_EVENTS, PAGE_SIZE, CATCH_UP_TIMEOUT_MS, ids);
      const elapsedMs = performance.now() - started;
      tallyOf(results, system.key).add({ events: received, calls: 1, elapsedMs });
      worstOf(worst, system.key).add(ids, CATCH_UP_EVENTS);
      progress(`catch-up ${system.key}: ${received} events in ${(elapsedMs / 1000).toFixed(2)}s`);
    }
  }
  const complete = (key: SystemKey): boolean => worstOf(worst, key).minUnique >= CATCH_UP_EVENTS;
  const figures = (key: SystemKey) => {
    const tally = tallyOf(results, key);
    const w = worstOf(worst, key);
    return {
      events_per_s: round(tally.eventsPerSecond(), 1),
      events: tally.events,
      runs: CATCH_UP_ROUNDS,
      target_events: CATCH_UP_EVENTS,
      // Every run delivered `target` distinct events (not: stopped early, or counted duplicates).
      complete: complete(key),
      duplicate_events: w.duplicates,
      page_size: PAGE_SIZE,
      elapsed_s: round(tally.elapsedMs / 1000),
    };
  };
  const ours = tallyOf(results, 'ours').eventsPerSecond();
  const raw = tallyOf(results, 'raw').eventsPerSecond();
  const peerRate = tallyOf(results, 'peer').eventsPerSecond();
  emit({ case: 'raw:catch-up', ...figures('raw'), method: 'keyset SELECT loop' });
  emit({ case: 'peer:catch-up', ...figures('peer'), peer_method: peer.catchUpMethod });

  // Informational: the peer's full consumer + reactor (per-message checkpoint), on a prefix.
  peer.activate();
  const started = performance.now();
  const consumed = await peer.consumerCatchUp(CONSUMER_EVENTS, PAGE_SIZE);
  const consumerMs = performance.now() - started;
  emit({
    case: 'peer:catch-up-consumer',
    events_per_s: round((consumed * 1000) / consumerMs, 1),
    events: consumed,
    page_size: PAGE_SIZE,
    elapsed_s: round(consumerMs / 1000),
    peer_method:
      'store.consumer({pulling:{batchSize:<page>,pullingFrequencyInMs:0}}).reactor({eachMessage}) — ' +
      'stores a checkpoint per message; informational, not used for vs_peer',
  });

  const { events_per_s, ...rest } = figures('ours');
  emit({
    case: 'catch-up',
    events_per_s,
    vs_raw: ratio(ours, raw),
    vs_peer: ratio(ours, peerRate),
    ...rest,
    method: 'subscribeToAll({maxCount:<page>})',
    peer_method: peer.catchUpMethod,
  });
  return { ours, raw, peer: peerRate, complete: complete('ours') };
}

async function main(): Promise<void> {
  // Before the peer library touches them: node-postgres' own parsers, used by ours and raw.
  const defaultParsers = captureParsers();
  const databases: TestDatabase[] = [];
  const systems: BenchSystem[] = [];
  try {
    const oursDb = await createTestDatabase('bench_ours');
    databases.push(oursDb);
    const rawDb = await createTestDatabase('bench_raw');
    databases.push(rawDb);
    const peerDb = await createTestDatabase('bench_peer');
    databases.push(peerDb);

    systems.push(await OursSystem.create(oursDb.url, defaultParsers));
    systems.push(await RawSystem.create(rawDb.url, defaultParsers));
    const peer = await PeerSystem.create(peerDb.url, defaultParsers);
    systems.push(peer);

    emit({
      case: 'meta',
      scale: SCALE,
      append_rounds: APPEND_ROUNDS,
      read_rounds: READ_ROUNDS,
      catch_up_rounds: CATCH_UP_ROUNDS,
      node: process.version,
      peer_library: '@event-driven-io/emmett-postgresql@0.42.0',
      pool_max: 40,
    });

    const appendOutcomes = new Map<string, CaseOutcome>();
    let caseIndex = 0;
    for (const spec of APPEND_CASES) {
      appendOutcomes.set(spec.name, await appendCase(systems, spec, caseIndex++));
    }

    await load(systems, CATCH_UP_EVENTS);
    const readAll = await readAllCase(systems, caseIndex++);
    const catchUp = await catchUpCase(systems, peer, caseIndex++);

    const met: Record<string, unknown> = {};
    let all = true;
    for (const spec of APPEND_CASES) {
      if (spec.eventsPerCall !== 1) continue;
      const o = appendOutcomes.get(spec.name);
      const vsRaw = o ? o.ours / o.raw >= TARGETS.append_single_vs_raw_min : false;
      const vsPeer = o ? o.ours / o.peer >= TARGETS.append_single_vs_peer_min : false;
      met[spec.name] = {
        vs_raw: vsRaw,
        vs_peer: vsPeer,
        ratio_raw: ratio(o?.ours, o?.raw),
        ratio_peer: ratio(o?.ours, o?.peer),
      };
      all = all && vsRaw && vsPeer;
    }
    const catchUpMet = catchUp.complete && catchUp.ours >= TARGETS.catch_up_events_per_s_min;
    met['catch-up'] = {
      events_per_s_min: catchUpMet,
      events_per_s: round(catchUp.ours, 1),
      complete: catchUp.complete,
    };
    all = all && catchUpMet;
    met.all = all;
    emit({
      case: 'summary',
      targets: TARGETS,
      met,
      read_all_events_per_s: round(readAll.ours, 1),
      duration_s: round((performance.now() - startedAt) / 1000, 1),
    });
  } finally {
    for (const system of systems) {
      await system
        .close()
        .catch((error: unknown) => progress(`closing ${system.key} failed: ${String(error)}`));
    }
    for (const db of databases) {
      await db.drop().catch((error: unknown) => progress(`dropping ${db.name} failed: ${String(error)}`));
    }
  }
}

main().then(
  () => {
    progress('done');
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
