import { eventStoreContract } from '../testing/contract';
import { InMemoryEventStore } from './in-memory-event-store';

describe('in-memory event store (contract)', () => {
  eventStoreContract(() => {
    const store = new InMemoryEventStore();
    return Promise.resolve({
      store,
      tamper: (streamId: string, revision: bigint) => {
        store.tamperForTest(streamId, revision, { tampered: true });
        return Promise.resolve();
      },
      close: () => store.close(),
    });
  });
});
