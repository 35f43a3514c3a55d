import { InMemoryEventStore, WrongExpectedRevisionError } from '@ce/event-store';
import type { Decider } from '../domain/decider';
import { ConflictError, RuleViolation } from '../domain/errors';
import { specificationFor } from '../testing/specification';
import { handleCommand } from './handle-command';

/** A minimal register of hours, enough to exercise the command path. */
type Command = { type: 'open'; owner: string } | { type: 'add'; hours: number } | { type: 'close' };
type Event =
  | { type: 'register.opened.v1'; data: { owner: string } }
  | { type: 'register.hours-added.v1'; data: { hours: number } }
  | { type: 'register.closed.v1'; data: Record<string, never> };
type State = { status: 'none' } | { status: 'open' | 'closed'; total: number };

const register: Decider<Command, Event, State> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    switch (command.type) {
      case 'open':
        if (state.status !== 'none') throw new ConflictError('REGISTER.EXISTS', 'already open');
        return [{ type: 'register.opened.v1', data: { owner: command.owner } }];
      case 'add':
        if (state.status !== 'open') throw new ConflictError('REGISTER.NOT_OPEN', 'not open');
        if (command.hours <= 0 || command.hours % 0.5 !== 0)
          throw new RuleViolation('REGISTER.BAD_HOURS', 'bad hours');
        return [{ type: 'register.hours-added.v1', data: { hours: command.hours } }];
      case 'close':
        return state.status === 'open' ? [{ type: 'register.closed.v1', data: {} }] : [];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'register.opened.v1':
        return { status: 'open', total: 0 };
      case 'register.hours-added.v1':
        return state.status === 'none' ? state : { ...state, total: state.total + event.data.hours };
      case 'register.closed.v1':
        return state.status === 'none' ? state : { ...state, status: 'closed' };
    }
  },
};

describe('the given/when/then helper', () => {
  const spec = specificationFor(register);
  const opened: Event = { type: 'register.opened.v1', data: { owner: 'p1' } };

  it('checks produced events', () => {
    spec
      .given([opened])
      .when({ type: 'add', hours: 2.5 })
      .then([{ type: 'register.hours-added.v1', data: { hours: 2.5 } }]);
  });

  it('checks refusals by code', () => {
    spec.given([opened]).when({ type: 'add', hours: 0.3 }).thenThrows('REGISTER.BAD_HOURS');
    spec.given([]).when({ type: 'add', hours: 1 }).thenThrows('REGISTER.NOT_OPEN');
  });

  it('fails when the events differ or nothing is refused', () => {
    expect(() => spec.given([opened]).when({ type: 'add', hours: 1 }).then([])).toThrow();
    expect(() =>
      spec.given([opened]).when({ type: 'add', hours: 1 }).thenThrows('REGISTER.BAD_HOURS'),
    ).toThrow(/expected the command to be refused/);
  });
});

describe('handleCommand', () => {
  it('loads, decides, appends with the expected revision and returns the position', async () => {
    const store = new InMemoryEventStore();
    const opened = await handleCommand(store, 'register-1', register, { type: 'open', owner: 'p1' });
    expect(opened.revision).toBe(0n);
    const added = await handleCommand(store, 'register-1', register, { type: 'add', hours: 4 });
    expect(added.state).toEqual({ status: 'open', total: 4 });
    expect(added.position).toBe(await store.headPosition());
    await expect(
      handleCommand(store, 'register-1', register, { type: 'add', hours: -1 }),
    ).rejects.toMatchObject({
      code: 'REGISTER.BAD_HOURS',
    });
    expect(await store.readStream('register-1')).toHaveLength(2);
  });

  it('answers a retried request with the original result, storing it once', async () => {
    const store = new InMemoryEventStore();
    await handleCommand(
      store,
      'register-2',
      register,
      { type: 'open', owner: 'p1' },
      { requestId: 'r-open' },
    );
    const first = await handleCommand(
      store,
      'register-2',
      register,
      { type: 'add', hours: 3 },
      { requestId: 'r-add' },
    );
    const retry = await handleCommand(
      store,
      'register-2',
      register,
      { type: 'add', hours: 3 },
      { requestId: 'r-add' },
    );
    expect(retry).toMatchObject({
      position: first.position,
      revision: first.revision,
      idempotentReplay: true,
    });
    expect(retry.state).toEqual({ status: 'open', total: 3 });
    expect(await store.readStream('register-2')).toHaveLength(2);
    // A retry of `open` after later events still answers as the first time, not "already open".
    const reopen = await handleCommand(
      store,
      'register-2',
      register,
      { type: 'open', owner: 'p1' },
      { requestId: 'r-open' },
    );
    expect(reopen.idempotentReplay).toBe(true);
  });

  it('refuses a decision made on a stale state (409), writing nothing', async () => {
    const store = new InMemoryEventStore();
    await handleCommand(store, 'register-3', register, { type: 'open', owner: 'p1' });
    await expect(
      handleCommand(store, 'register-3', register, { type: 'add', hours: 1 }, { expectedRevision: 5n }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await store.readStream('register-3')).toHaveLength(1);
  });

  it('writes nothing when the decider decides nothing', async () => {
    const store = new InMemoryEventStore();
    const result = await handleCommand(store, 'register-4', register, { type: 'close' });
    expect(result).toMatchObject({ events: [], position: null, revision: null });
    expect(await store.headPosition()).toBeNull();
  });
});
