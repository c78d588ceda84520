/** The units of the model's duration strings (the Gateway API's syntax), in milliseconds. */
const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const PART = /([0-9]+)(ms|h|m|s)/g;
const WHOLE = /^([0-9]+(ms|h|m|s))+$/;

/** Milliseconds of a duration string such as `1m30s` or `250ms`, or undefined when it is not one. */
export function durationMillis(text: string): number | undefined {
  if (typeof text !== 'string' || !WHOLE.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit];
  return total;
}

/** A duration in milliseconds written the way the model writes them (`1m30s`, `250ms`). */
export function formatMillis(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const unit of ['h', 'm', 's', 'ms']) {
    const amount = Math.floor(rest / UNIT_MS[unit]);
    if (amount > 0) text += `${amount}${unit}`;
    rest -= amount * UNIT_MS[unit];
  }
  return text;
}
