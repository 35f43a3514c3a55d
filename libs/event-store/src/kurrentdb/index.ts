export {
  KurrentDbEventStore,
  type KurrentDbEventStoreOptions,
  createKurrentDbEventStore,
  encodePosition as encodeKurrentDbPosition,
  decodePosition as decodeKurrentDbPosition,
} from './kurrentdb-event-store';
