import { FullMatcher } from '../checks/regex';
import { clip, show } from '../model/show';
import { RequestError } from './errors';
import { ExplainRequest, RequestInfo } from './result';

/** A request as the gateway's Envoy sees it. */
export interface HttpRequest extends RequestInfo {
  /** Lower-case header names; `:method`, `:authority` and `:scheme` included, as Envoy matches them. */
  readonly headers: ReadonlyMap<string, string>;
  /** Decoded query parameters; the first value of a repeated one. */
  readonly params: ReadonlyMap<string, string>;
}

const METHOD = /^[A-Za-z!#$%&'*+.^_`|~0-9-]+$/;
const HEADER_NAME = /^:?[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** Checks and normalises a request; a URL without a scheme or host is an error, as curl would refuse it. */
export function parseRequest(request: ExplainRequest): HttpRequest {
  if (!request || typeof request !== 'object') throw new RequestError('expected a request: { method, url, headers, gateway }');
  const { url } = request;
  if (typeof url !== 'string' || url === '') throw new RequestError('the request needs a url, such as http://httpbin.example.com/status/200');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RequestError(`${show(url)} is not an absolute URL with a host; write it as http://<host>/<path>`);
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  if (scheme !== 'http' && scheme !== 'https') throw new RequestError(`${show(url)} uses ${scheme}:, but a gateway takes http: or https: requests`);
  if (parsed.hostname === '') throw new RequestError(`${show(url)} has no host; write it as ${scheme}://<host>/<path>`);
  const method = request.method ?? 'GET';
  if (typeof method !== 'string' || !METHOD.test(method)) throw new RequestError(`${show(method)} is not an HTTP method`);
  const headers = new Map<string, string>();
  if (request.headers !== undefined) {
    if (!request.headers || typeof request.headers !== 'object' || Array.isArray(request.headers)) throw new RequestError('headers must be an object of header names to values');
    for (const [name, value] of Object.entries(request.headers)) {
      if (!HEADER_NAME.test(name)) throw new RequestError(`${show(name)} is not a header name`);
      if (typeof value !== 'string') throw new RequestError(`header ${clip(name)} must have a string value`);
      headers.set(name.toLowerCase(), value);
    }
  }
  // The Host header decides the virtual host (curl -H Host: ...); Istio ignores its port (IgnorePortInHostMatching).
  const hostHeader = headers.get('host') ?? parsed.host;
  const host = hostHeader.replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase();
  if (host === '') throw new RequestError(`the Host header ${show(hostHeader)} has no host name`);
  const port = parsed.port === '' ? (scheme === 'https' ? 443 : 80) : Number(parsed.port);
  headers.delete('host');
  headers.set(':authority', hostHeader);
  headers.set(':method', method.toUpperCase());
  headers.set(':scheme', scheme);
  const params = new Map<string, string>();
  for (const [name, value] of parsed.searchParams) if (!params.has(name)) params.set(name, value);
  return { method: method.toUpperCase(), scheme, host, port, path: parsed.pathname, query: parsed.search.replace(/^\?/, ''), headers, params };
}

/** How a string is compared (Envoy's StringMatcher, as Istio's StringMatch becomes one). */
export type StringMatcher =
  | { readonly kind: 'exact' | 'prefix' | 'suffix'; readonly value: string }
  | { readonly kind: 'regex'; readonly value: string; readonly regex: FullMatcher }
  | { readonly kind: 'present' };

/** The path part of an Envoy route match. */
export type PathMatcher =
  | { readonly kind: 'prefix' | 'path-separated-prefix' | 'exact'; readonly value: string }
  | { readonly kind: 'regex'; readonly value: string; readonly regex: FullMatcher };

/** An Envoy route match: every condition must hold. */
export interface CompiledMatch {
  readonly path: PathMatcher;
  readonly caseSensitive: boolean;
  readonly headers: readonly { readonly name: string; readonly matcher: StringMatcher; readonly invert: boolean }[];
  readonly query: readonly { readonly name: string; readonly matcher: StringMatcher }[];
}

/**
 * An RE2 expression matching the whole input, as Envoy's safe_regex applies
 * it: the checks' RE2 engine itself (re2FullMatcher, which the explainer
 * calls directly), so `\pL`, `(?i)` in the middle, `\z` and the rest mean
 * what they mean to Envoy. Undefined when istiod or Envoy would refuse the
 * expression (see checkRegex for why). Kept under this name for its tests.
 */
export { re2FullMatcher as fullMatchRegex } from '../checks/regex';

/** Why a compiled match does not select a request, or undefined when it does. */
export function mismatch(match: CompiledMatch, request: HttpRequest): string | undefined {
  const pathProblem = pathMismatch(match.path, match.caseSensitive, request.path);
  if (pathProblem) return pathProblem;
  for (const { name, matcher, invert } of match.headers) {
    const value = request.headers.get(name);
    const holds = value !== undefined && stringMatches(matcher, value);
    if (holds === invert) {
      const what = name === ':method' ? 'method' : name === ':authority' ? 'authority' : name === ':scheme' ? 'scheme' : `header ${name}`;
      const shown = name === ':method' ? request.method : value === undefined ? 'absent' : JSON.stringify(value);
      return invert ? `${what} ${describeString(matcher)} must not hold (it is ${shown})` : `${what} is ${shown}, not ${describeString(matcher)}`;
    }
  }
  for (const { name, matcher } of match.query) {
    const value = request.params.get(name);
    if (value === undefined || !stringMatches(matcher, value)) {
      return `query parameter ${name} is ${value === undefined ? 'absent' : JSON.stringify(value)}, not ${describeString(matcher)}`;
    }
  }
  return undefined;
}

function pathMismatch(path: PathMatcher, caseSensitive: boolean, requestPath: string): string | undefined {
  const actual = caseSensitive ? requestPath : requestPath.toLowerCase();
  const value = caseSensitive || path.kind === 'regex' ? path.value : path.value.toLowerCase();
  switch (path.kind) {
    case 'exact':
      return actual === value ? undefined : `path ${requestPath} is not exactly ${path.value}`;
    case 'prefix':
      return actual.startsWith(value) ? undefined : `path ${requestPath} does not start with ${path.value}`;
    case 'path-separated-prefix':
      // Envoy's path_separated_prefix: the prefix, then the end of the path or a `/`.
      return actual === value || actual.startsWith(value.endsWith('/') ? value : `${value}/`)
        ? undefined
        : `path ${requestPath} is not ${path.value} or under ${path.value}/ (prefixes match whole segments)`;
    default:
      return path.regex.test(requestPath) ? undefined : `path ${requestPath} does not match the regular expression ${path.value} in full`;
  }
}

function stringMatches(matcher: StringMatcher, value: string): boolean {
  switch (matcher.kind) {
    case 'present':
      return true;
    case 'exact':
      return value === matcher.value;
    case 'prefix':
      return value.startsWith(matcher.value);
    case 'suffix':
      return value.endsWith(matcher.value);
    default:
      return matcher.regex.test(value);
  }
}

export function describeString(matcher: StringMatcher): string {
  switch (matcher.kind) {
    case 'present':
      return 'present';
    case 'exact':
      return JSON.stringify(matcher.value);
    case 'regex':
      return `~ /${matcher.value}/`;
    default:
      return `${matcher.kind} ${JSON.stringify(matcher.value)}`;
  }
}

/** A match in words: `prefix /status, method GET, header x-canary "always"`. */
export function describeMatch(match: CompiledMatch): string {
  const parts: string[] = [];
  const { path } = match;
  if (!(path.kind === 'prefix' && path.value === '/')) {
    const kind = path.kind === 'path-separated-prefix' ? 'path prefix' : path.kind === 'regex' ? 'regex' : path.kind;
    parts.push(`${kind} ${path.value}${match.caseSensitive ? '' : ' (any case)'}`);
  }
  for (const { name, matcher, invert } of match.headers) {
    const label = name === ':method' ? 'method' : name === ':authority' ? 'authority' : name === ':scheme' ? 'scheme' : `header ${name}`;
    const value = name === ':method' && matcher.kind === 'exact' ? matcher.value : describeString(matcher);
    parts.push(`${invert ? 'no ' : ''}${label} ${value}`);
  }
  for (const { name, matcher } of match.query) parts.push(`query ${name} ${describeString(matcher)}`);
  return parts.length === 0 ? 'any request' : parts.join(', ');
}

/** istiod's catch-all test (`IsCatchAllRoute`): prefix `/` or regex `.*`, and no header or query condition. */
export function isCatchAllMatch(match: CompiledMatch): boolean {
  const { path } = match;
  const everyPath = (path.kind === 'prefix' || path.kind === 'path-separated-prefix') && path.value === '/' ? true : path.kind === 'regex' && path.value === '.*';
  return everyPath && match.headers.length === 0 && match.query.length === 0;
}
