import { eventStoreContract } from '../testing/contract';
import { createKurrentDbEventStore } from './kurrentdb-event-store';

const url = process.env.KURRENTDB_URL;

// Needs a running server; without one the suite is reported as skipped rather than silently green.
const describeIfServer = url ? describe : describe.skip;
if (!url) {
  console.warn(
    'KurrentDB contract suite SKIPPED: KURRENTDB_URL is not set (no KurrentDB server on this machine); ' +
      "set KURRENTDB_URL=kurrentdb://... to run it, e.g. KURRENTDB_URL='kurrentdb://127.0.0.1:2113?tls=false'",
  );
}

describeIfServer(`KurrentDB event store (contract)${url ? '' : ' (skipped: KURRENTDB_URL not set)'}`, () => {
  // No holdAppend (KurrentDB orders commits itself, nothing can be held open) and no tamper (its log
  // cannot be altered in place): the suite skips what needs them.
  eventStoreContract(() => {
    if (!url) throw new Error('KURRENTDB_URL is not set');
    const store = createKurrentDbEventStore(url);
    return Promise.resolve({ store, close: () => store.close() });
  });
});
