/**
 * What istiod accepts in a VirtualService's `retries.retryOn` (Istio 1.30
 * pkg/config/validation `validateHTTPRetry`: Envoy's retry policies, or a
 * status code Go's `http.StatusText` knows), narrowed as the constructs
 * narrow it: the named conditions `RetryOn` offers, and the 4xx and 5xx
 * status codes (only those make sense to retry on).
 */
export const RETRY_ON_CONDITIONS: readonly string[] = [
  '5xx', 'gateway-error', 'reset', 'connect-failure', 'refused-stream', 'retriable-4xx',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
];

/** Status codes Go's list of HTTP status texts has, in 4xx and 5xx. */
export const RETRIABLE_STATUS_CODES: readonly number[] = [
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
  500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
];

/** Whether `condition` is a retry condition the constructs could write. */
export function isRetryCondition(condition: string): boolean {
  return RETRY_ON_CONDITIONS.includes(condition) || (/^[1-9]\d{2}$/.test(condition) && RETRIABLE_STATUS_CODES.includes(Number(condition)));
}
