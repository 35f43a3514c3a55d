/**
 * A decider is three pure functions (see emmett's `Decider`): given the state rebuilt from past
 * events, `decide` turns a command into new events; `evolve` folds one event into the state.
 * Time and identifiers come in with the command, never from inside.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** A domain event as stored: a stable wire name (`hour-claim.submitted.v1`), plain data. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** Who did it, on whose behalf, why, under which policy — carried on every stored event. */
export interface EventMetadata {
  readonly actor?: { readonly userId: string; readonly orgId?: string; readonly role?: string };
  readonly onBehalfOf?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly requestId?: string;
  readonly policyVersion?: string;
  readonly reason?: string;
  /** The domain time of the command (the injected clock), ISO 8601. */
  readonly now?: string;
  readonly [key: string]: unknown;
}

/** Folds a history into a state with the decider's own `evolve`. */
export function foldEvents<Command, Event, State>(
  decider: Decider<Command, Event, State>,
  events: readonly Event[],
  from: State = decider.initialState(),
): State {
  return events.reduce((state, event) => decider.evolve(state, event), from);
}

/** Exhaustiveness guard for `switch` over discriminated unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
