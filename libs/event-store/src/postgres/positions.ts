/**
 * A PostgreSQL `$all` position: the writing transaction's id (xid8) and the event's sequence
 * number, both zero-padded so that positions sort as strings in reading order.
 */
const WIDTH = 20;

export function encodePosition(txId: string, globalPosition: string): string {
  return `${txId.padStart(WIDTH, '0')}-${globalPosition.padStart(WIDTH, '0')}`;
}

export function decodePosition(position: string | null | undefined): {
  txId: string;
  globalPosition: string;
} {
  if (position === null || position === undefined || position === '')
    return { txId: '0', globalPosition: '0' };
  const match = /^(\d{1,20})-(\d{1,20})$/.exec(position);
  if (!match?.[1] || !match[2]) throw new RangeError(`Not a position of this event store: ${position}`);
  return { txId: BigInt(match[1]).toString(), globalPosition: BigInt(match[2]).toString() };
}

export function isPosition(value: string): boolean {
  return /^\d{1,20}-\d{1,20}$/.test(value);
}
