export * from './port';
export * from './errors';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { migrateEventStore } from './postgres/migrate';
export { encodePosition, decodePosition, isPosition } from './postgres/positions';
export { InMemoryEventStore } from './memory/in-memory-event-store';
