import { deepStrictEqual, fail } from 'node:assert/strict';
import type { Decider } from '../domain/decider';
import { DomainError } from '../domain/errors';

/**
 * Given/when/then for deciders:
 *
 *   spec.given([submitted]).when(approve).then([approved]);
 *   spec.given([]).when(approve).thenThrows('APPROVAL.NOT_OPEN');
 */
export function specificationFor<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(history: readonly Event[]) {
      const state = history.reduce((s, e) => decider.evolve(s, e), decider.initialState());
      return {
        when(command: Command) {
          const run = (): Event[] => decider.decide(command, state);
          return {
            then(expected: readonly Event[]): void {
              deepStrictEqual(run(), expected);
            },
            thenState(check: (state: State, events: Event[]) => void): void {
              const events = run();
              check(
                events.reduce((s, e) => decider.evolve(s, e), state),
                events,
              );
            },
            thenThrows(expected: string | ((error: unknown) => boolean)): void {
              let events: Event[];
              try {
                events = run();
              } catch (error) {
                if (typeof expected === 'string') {
                  if (!(error instanceof DomainError)) throw error;
                  deepStrictEqual(error.code, expected);
                } else if (!expected(error)) {
                  throw error;
                }
                return;
              }
              fail(`expected the command to be refused, but it produced ${JSON.stringify(events)}`);
            },
          };
        },
      };
    },
  };
}
