import { IConstruct } from 'constructs';
import { invalid, show } from '../errors';

/**
 * Istio carries percentages as doubles but accepts nothing between 0 and
 * 0.0001; four decimals also keep the Gateway API's integer fraction
 * (numerator / 1,000,000) exact.
 */
const MAX_DECIMALS = 4;

/** A share of requests, from 0 to 100 percent (e.g. of requests mirrored, delayed or aborted). */
export class Percentage {
  /** `percent` percent of requests: 0 to 100, with at most 4 decimals (`Percentage.of(0.5)` is one request in 200). */
  public static of(percent: number): Percentage {
    return new Percentage(percent);
  }

  private constructor(public readonly percent: number) {}

  /** @internal */
  public _toModel(scope: IConstruct, field: string): number {
    const value = this.percent;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
      invalid(scope, field, `${show(value)} is not a percentage: use a number from 0 to 100`);
    }
    if (!Number.isInteger(Number((value * 10 ** MAX_DECIMALS).toFixed(6)))) {
      invalid(scope, field, `${value} has more than ${MAX_DECIMALS} decimals; round it (the smallest share Istio accepts is 0.0001%)`);
    }
    return value;
  }
}

/** Checks that `value` is a Percentage and returns it as a number. */
export function percentageToModel(scope: IConstruct, field: string, value: unknown): number {
  if (!(value instanceof Percentage)) invalid(scope, field, `expected a Percentage, e.g. Percentage.of(10), received ${show(value)}`);
  return value._toModel(scope, field);
}
