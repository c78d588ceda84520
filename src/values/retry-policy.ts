import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { durationMillis, durationProp } from './duration';
import { invalid, show } from '../errors';
import { RetryModel } from '../model/types';
import { Mutable } from '../model/mutable';
import { checkKnownKeys, isOptionsObject, propNames } from './props';
import { RETRIABLE_STATUS_CODES } from '../checks/retries-on';

/** The largest value of the int32 `attempts` field. */
const MAX_ATTEMPTS = 2 ** 31 - 1;

/**
 * A condition under which a request is retried (Envoy's `retry_on`).
 *
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
 * @see https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/router_filter#x-envoy-retry-on
 */
export class RetryOn {
  /** Any 5xx response, and connection failures, resets and timeouts (`5xx`). */
  public static readonly SERVER_ERROR = new RetryOn('5xx');
  /** 502, 503 and 504 responses (`gateway-error`). */
  public static readonly GATEWAY_ERROR = new RetryOn('gateway-error');
  /** The backend reset the connection or stream, or did not respond (`reset`). */
  public static readonly RESET = new RetryOn('reset');
  /** The connection to the backend could not be established (`connect-failure`). */
  public static readonly CONNECT_FAILURE = new RetryOn('connect-failure');
  /** The backend refused an HTTP/2 stream with REFUSED_STREAM (`refused-stream`). */
  public static readonly REFUSED_STREAM = new RetryOn('refused-stream');
  /** A 409 Conflict response (`retriable-4xx`). */
  public static readonly RETRIABLE_4XX = new RetryOn('retriable-4xx');
  /** gRPC status CANCELLED (`cancelled`). */
  public static readonly GRPC_CANCELLED = new RetryOn('cancelled');
  /** gRPC status DEADLINE_EXCEEDED (`deadline-exceeded`). */
  public static readonly GRPC_DEADLINE_EXCEEDED = new RetryOn('deadline-exceeded');
  /** gRPC status INTERNAL (`internal`). */
  public static readonly GRPC_INTERNAL = new RetryOn('internal');
  /** gRPC status RESOURCE_EXHAUSTED (`resource-exhausted`). */
  public static readonly GRPC_RESOURCE_EXHAUSTED = new RetryOn('resource-exhausted');
  /** gRPC status UNAVAILABLE (`unavailable`). */
  public static readonly GRPC_UNAVAILABLE = new RetryOn('unavailable');

  /** A response with this HTTP status code (a standard 4xx or 5xx code, e.g. 503). */
  public static statusCode(code: number): RetryOn {
    return new RetryOn(String(code), code, true);
  }

  private constructor(
    public readonly condition: string,
    private readonly code?: unknown,
    private readonly isStatusCode: boolean = false,
  ) {}

  /** @internal */
  public _toModel(scope: IConstruct, field: string): string {
    // Checked as given: statusCode(undefined) from JavaScript is no status code (and never the condition "undefined").
    if (this.isStatusCode && !(typeof this.code === 'number' && RETRIABLE_STATUS_CODES.includes(this.code))) {
      invalid(scope, field, `${show(this.code)} is not a standard 4xx or 5xx HTTP status code to retry on; allowed: ${RETRIABLE_STATUS_CODES.join(', ')}`);
    }
    return this.condition;
  }
}

/** When and how often a forwarded request is tried again. */
export interface RetryPolicy {
  /**
   * Retries after the first attempt. 0 turns off the retries Istio makes by
   * default (2, on connect-failure, refused-stream, unavailable, cancelled
   * and 503), e.g. for requests that are not idempotent.
   */
  readonly attempts: number;
  /**
   * Time allowed for each attempt; the route's `timeout` still bounds all
   * attempts together, so it must not be shorter.
   * @default - each attempt may take the whole route timeout
   */
  readonly perTryTimeout?: Duration;
  /**
   * The conditions that trigger a retry.
   * @default - Istio's: connect-failure, refused-stream, unavailable, cancelled and 503 responses
   */
  readonly retryOn?: RetryOn[];
}

const RETRY_POLICY_PROPS = propNames<RetryPolicy>({ attempts: true, perTryTimeout: true, retryOn: true });

/** Validates a retry policy; `timeout` is the route's request timeout, if any. */
export function retriesToModel(scope: IConstruct, field: string, retries: RetryPolicy, timeout: { text: string; duration: Duration } | undefined): RetryModel {
  if (!isOptionsObject(retries)) invalid(scope, field, `expected a RetryPolicy such as { attempts: 3 }, received ${show(retries)}`);
  checkKnownKeys(scope, field, retries, RETRY_POLICY_PROPS);
  const { attempts, perTryTimeout, retryOn } = retries;
  if (!Number.isInteger(attempts) || attempts < 0 || attempts > MAX_ATTEMPTS) {
    invalid(scope, `${field}.attempts`, `${show(attempts)} must be a whole number of retries from 0 (0 turns retries off)`);
  }
  const model: Mutable<RetryModel> = { attempts };
  if (perTryTimeout !== undefined) {
    const text = durationProp(scope, `${field}.perTryTimeout`, perTryTimeout, 'Duration.seconds(2)');
    if (timeout && durationMillis(perTryTimeout)! > durationMillis(timeout.duration)!) {
      invalid(scope, `${field}.perTryTimeout`, `${text} is longer than the route's timeout (${timeout.text}), which bounds all attempts together; shorten it, or raise the timeout`);
    }
    model.perTryTimeout = text;
  }
  if (retryOn !== undefined) {
    if (!Array.isArray(retryOn) || retryOn.length === 0) invalid(scope, `${field}.retryOn`, 'expected a non-empty list of RetryOn conditions; leave it unset for Istio\'s defaults');
    const conditions = retryOn.map((condition, i) => {
      if (!(condition instanceof RetryOn)) invalid(scope, `${field}.retryOn[${i}]`, 'expected a RetryOn, e.g. RetryOn.GATEWAY_ERROR or RetryOn.statusCode(503)');
      return condition._toModel(scope, `${field}.retryOn[${i}]`);
    });
    model.retryOn = [...new Set(conditions)];
  }
  if (attempts === 0 && (perTryTimeout !== undefined || retryOn !== undefined)) {
    invalid(scope, field, 'attempts is 0, which turns retries off, so perTryTimeout and retryOn would have no effect (Istio rejects them); remove them, or allow at least 1 attempt');
  }
  return model;
}
