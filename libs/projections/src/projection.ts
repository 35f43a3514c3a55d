import type { RecordedEvent } from '@ce/event-store';
import type { EntityManager } from 'typeorm';

/**
 * A read model fed from `$all`. `apply` runs inside the transaction that also stores the
 * checkpoint, so a batch is applied exactly once or not at all.
 *
 * Write through `manager` with unqualified table names: a rebuild runs the same code with the
 * search path pointed at fresh tables.
 */
export interface Projection {
  readonly name: string;
  /** The tables this projection owns (rebuilt and switched together). */
  readonly tables: readonly string[];
  /** Only these event types are passed to `apply` (the checkpoint still moves past the others). */
  readonly eventTypes?: readonly string[];
  apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void>;
}

export const PROJECTIONS = Symbol('Projections');
