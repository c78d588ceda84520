import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalid, show } from '../errors';
import { formatMillis } from '../model/durations';

/** Largest duration each API accepts for a request timeout (the Gateway API allows at most 5 digits per unit). */
const MAX_MILLIS = 99999 * 3600 * 1000;

/**
 * Formats a duration in the syntax both Istio (Go durations, checked with CEL
 * `duration()`) and the Gateway API (`^([0-9]{1,5}(h|m|s|ms)){1,4}$`) accept,
 * e.g. `4s`, `1m30s`, `250ms`. Returns undefined with a problem for values no
 * API can carry.
 */
export function formatDuration(duration: Duration): { text?: string; problem?: string } {
  const millis = durationMillis(duration);
  if (millis === undefined) return { problem: 'is not a length of time: build it from a number, e.g. Duration.seconds(4)' };
  if (!Number.isInteger(millis)) return { problem: `${millis}ms is not a whole number of milliseconds` };
  if (millis < 1) return { problem: `${millis}ms is too short: the minimum is 1ms` };
  if (millis > MAX_MILLIS) return { problem: `${duration.toHumanString()} is too long: the maximum is 99999h` };
  return { text: formatMillis(millis) };
}

/**
 * The length of a Duration in milliseconds, or undefined when it was built from something other
 * than a number (JavaScript callers: `Duration.seconds('4')` or a BigInt, which cdk8s does not refuse).
 */
export function durationMillis(duration: Duration): number | undefined {
  let millis: unknown;
  try {
    millis = duration.toMilliseconds({ integral: false });
  } catch {
    return undefined;
  }
  return typeof millis === 'number' && !Number.isNaN(millis) ? millis : undefined;
}

/** Validates a Duration given as a prop and returns its text; `example` shows a valid value in the error. */
export function durationProp(scope: IConstruct, field: string, value: Duration, example: string): string {
  if (!(value instanceof Duration)) invalid(scope, field, `expected a Duration, e.g. ${example}`);
  const { text, problem } = formatDuration(value);
  if (problem) invalid(scope, field, problem);
  return text!;
}

/** The int32 maximum: the largest number of seconds the fields written from such a Duration take. */
const MAX_SECONDS = 2 ** 31 - 1;

/**
 * Validates a Duration given as a prop that is written as whole seconds (from
 * 1 to the int32 maximum) and returns them; `example` shows a valid value in
 * the error, `why` (optional) says in parentheses why seconds are whole.
 */
export function wholeSecondsProp(scope: IConstruct, field: string, value: Duration, example: string, why?: string): number {
  if (!(value instanceof Duration)) invalid(scope, field, `expected a Duration, e.g. ${example}`);
  const millis = durationMillis(value);
  if (millis === undefined) invalid(scope, field, `is not a length of time: build it from a number, e.g. ${example}`);
  const seconds = millis / 1000;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_SECONDS) {
    invalid(scope, field, `${show(seconds)}s must be a whole number of seconds, at least 1${why === undefined ? '' : ` (${why})`}, at most ${MAX_SECONDS}`);
  }
  return seconds;
}
