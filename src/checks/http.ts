/**
 * HTTP syntax the route APIs accept: header and query parameter names, match
 * paths (RE2 regular expressions: ./regex). Each returns a problem or undefined.
 */

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

/** The methods a route can match (the values of the public `HttpMethod`; the Gateway API's enum). */
export const HTTP_METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** A CORS origin as both APIs take it: scheme, host and an optional port (`https://app.example.com:8443`). */
export const CORS_ORIGIN = /^https?:\/\/[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:\d{1,5})?$/;

/** Redirect status codes both APIs accept (the Gateway API's enum; Istio takes any 3xx). */
export const REDIRECT_STATUS_CODES: readonly number[] = [301, 302, 303, 307, 308];

/** An HTTP header (or query parameter) name as the Gateway API accepts it. */
export function checkHeaderName(name: string): string | undefined {
  if (typeof name !== 'string' || !HEADER_NAME.test(name) || name.length > 256) return "is not a valid name: use 1 to 256 letters, digits and !#$%&'*+-.^_`|~";
  return undefined;
}

/**
 * A path to match: absolute, and without the sequences the Gateway API
 * rejects (`//`, `/./`, `/../`, `%2f`, `#`) because proxies normalise them away.
 */
export function checkPath(path: string): string | undefined {
  if (typeof path !== 'string') return 'must be a string';
  if (!path.startsWith('/')) return 'must start with "/"';
  if (path.length > 1024) return 'must be at most 1024 characters long';
  if (/[\s\u0000-\u001f\u007f]/.test(path)) return 'must not contain whitespace or control characters';
  if (/\/\/|\/\.\/|\/\.\.\/|%2f|%2F|#/.test(path) || /\/\.\.?$/.test(path)) {
    return 'must not contain "//", "/./", "/../", "%2f", "#" or end with "/." or "/.."';
  }
  // The Gateway API's HTTPRoute rule for Exact and PathPrefix values (its CEL `matches`), kept in
  // every API: a request path on the wire has only these characters, others arrive percent-encoded.
  if (!URL_PATH.test(path)) {
    return /%(?![0-9a-fA-F]{2})/.test(path)
      ? 'has a "%" not followed by two hex digits; write a literal % as %25'
      : "must only contain the characters of a URL path: letters, digits, -._~!$&'()*+,;=:@/ and %XX escapes (write others percent-encoded, e.g. ü as %C3%BC)";
  }
  return undefined;
}

const URL_PATH = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/;

/** Regular expressions are checked with RE2 itself: see ./regex. */
export { checkPathRegex, checkRegex } from './regex';
