import { types } from 'pg';

/*
 * The peer library (through @event-driven-io/dumbo) replaces node-postgres' GLOBAL type parsers
 * for int8, json and jsonb the first time it creates a pool (int8 -> BigInt, json(b) -> a JSON
 * reviver that also revives big integers). node-postgres looks those parsers up at query time,
 * so without care our store and the raw baseline would be measured with the peer's parsers.
 * Each system therefore installs "its" parser set before each measured segment.
 */
const OIDS = [20 /* int8 */, 114 /* json */, 3802 /* jsonb */] as const;

export type ParserSet = ReadonlyMap<number, (value: string) => unknown>;

export function captureParsers(): ParserSet {
  const set = new Map<number, (value: string) => unknown>();
  for (const oid of OIDS) {
    const parser = types.getTypeParser(oid, 'text') as (value: string) => unknown;
    set.set(oid, parser);
  }
  return set;
}

export function installParsers(set: ParserSet): void {
  for (const [oid, parser] of set) types.setTypeParser(oid, parser);
}
