import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { durationProp } from './duration';
import { invalid, show } from '../errors';
import { FaultModel } from '../model/types';
import { Percentage, percentageToModel } from './percentage';
import { Mutable } from '../model/mutable';
import { checkKnownKeys, isOptionsObject, propNames } from './props';

/** Requests held back before they are forwarded. */
export interface FaultDelay {
  /** How long each delayed request waits (at least 1ms). */
  readonly fixedDelay: Duration;
  /**
   * The share of requests delayed.
   * @default Percentage.of(100)
   */
  readonly percentage?: Percentage;
}

/** Requests answered with an error instead of being forwarded. */
export interface FaultAbort {
  /** The HTTP status code returned, from 200 to 599 (e.g. 503). */
  readonly httpStatus: number;
  /**
   * The share of requests aborted.
   * @default Percentage.of(100)
   */
  readonly percentage?: Percentage;
}

/**
 * Faults injected into a route's requests, to test how clients cope with a
 * slow or failing backend. Delay and abort are drawn independently. Only the
 * Istio API can inject faults.
 *
 * @see https://istio.io/latest/docs/tasks/traffic-management/fault-injection/
 */
export interface FaultInjection {
  /**
   * Delay requests.
   * @default - no delay
   */
  readonly delay?: FaultDelay;
  /**
   * Abort requests.
   * @default - no abort
   */
  readonly abort?: FaultAbort;
}

const FAULT_INJECTION_PROPS = propNames<FaultInjection>({ delay: true, abort: true });
const FAULT_DELAY_PROPS = propNames<FaultDelay>({ fixedDelay: true, percentage: true });
const FAULT_ABORT_PROPS = propNames<FaultAbort>({ httpStatus: true, percentage: true });

/** Validates fault injection; the percentages are always rendered, so the share never rests on a default of the API. */
export function faultToModel(scope: IConstruct, field: string, fault: FaultInjection): FaultModel {
  if (!isOptionsObject(fault)) invalid(scope, field, `expected a FaultInjection such as { abort: { httpStatus: 503 } }, received ${show(fault)}`);
  checkKnownKeys(scope, field, fault, FAULT_INJECTION_PROPS);
  if (fault.delay === undefined && fault.abort === undefined) invalid(scope, field, 'injects nothing: set delay, abort or both');
  const model: Mutable<FaultModel> = {};
  const share = (at: string, value: Percentage | undefined) => (value === undefined ? 100 : percentageToModel(scope, at, value));
  if (fault.delay !== undefined) {
    const at = `${field}.delay`;
    if (!isOptionsObject(fault.delay)) invalid(scope, at, 'expected { fixedDelay, percentage }');
    checkKnownKeys(scope, at, fault.delay, FAULT_DELAY_PROPS);
    const fixedDelay = durationProp(scope, `${at}.fixedDelay`, fault.delay.fixedDelay, 'Duration.seconds(5)');
    model.delay = { fixedDelay, percentage: share(`${at}.percentage`, fault.delay.percentage) };
  }
  if (fault.abort !== undefined) {
    const at = `${field}.abort`;
    if (!isOptionsObject(fault.abort)) invalid(scope, at, 'expected { httpStatus, percentage }');
    checkKnownKeys(scope, at, fault.abort, FAULT_ABORT_PROPS);
    const status = fault.abort.httpStatus;
    if (!Number.isInteger(status) || status < 200 || status > 599) invalid(scope, `${at}.httpStatus`, `${show(status)} must be an HTTP status code from 200 to 599`);
    model.abort = { httpStatus: status, percentage: share(`${at}.percentage`, fault.abort.percentage) };
  }
  return model;
}
