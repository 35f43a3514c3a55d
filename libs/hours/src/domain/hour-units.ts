/**
 * Hours are kept to at most two decimals (the step is 0.5 today, and a city may choose 0.25 or 0.1).
 * Summing and comparing them as integer hundredths is exact where adding floats drifts
 * (0.1 + 0.2 !== 0.3), so ledgers never show 89.99999 for 90.
 */
const HUNDREDTHS_PER_HOUR = 100;
const FLOAT_TOLERANCE = 1e-9;

/** The hours in hundredths, or undefined when they carry more than two decimals. */
export function exactHundredths(hours: number): number | undefined {
  const scaled = hours * HUNDREDTHS_PER_HOUR;
  const whole = Math.round(scaled);
  return Math.abs(scaled - whole) < FLOAT_TOLERANCE ? whole : undefined;
}

export function toHundredths(hours: number): number {
  return Math.round(hours * HUNDREDTHS_PER_HOUR);
}

/** Integer division by 100 gives the same double as the decimal literal, e.g. 4550 → 45.5. */
export function fromHundredths(hundredths: number): number {
  return hundredths / HUNDREDTHS_PER_HOUR;
}

export function isMultipleOfStep(hours: number, step: number): boolean {
  const value = exactHundredths(hours);
  const unit = exactHundredths(step);
  return value !== undefined && unit !== undefined && unit > 0 && value % unit === 0;
}
