/** The units of the model's duration strings (the Gateway API's syntax), in milliseconds. */
const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const PART = /([0-9]+)(ms|h|m|s)/g;
const WHOLE = /^([0-9]+(ms|h|m|s))+$/;

/** Milliseconds of a duration string such as `1m30s` or `250ms`, or undefined when it is not one. */
export function parseDurationText(text: string): number | undefined {
  if (typeof text !== 'string' || !WHOLE.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit];
  return total;
}

/**
 * A duration in milliseconds written in whole units, the way the model
 * writes them and Go prints them (`2160h`, `1h30m`, `5m`, `250ms`, `-5m`,
 * `0s`); a fraction of a millisecond is rounded.
 */
export function formatMillis(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  let rest = Math.round(Math.abs(ms));
  let text = '';
  for (const unit of ['h', 'm', 's', 'ms']) {
    const amount = Math.floor(rest / UNIT_MS[unit]);
    if (amount > 0) text += `${amount}${unit}`;
    rest -= amount * UNIT_MS[unit];
  }
  if (text === '') return '0s';
  return ms < 0 ? `-${text}` : text;
}
