import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { durationProp } from '../core/duration';
import { invalid, show } from '../core/errors';
import { BackendRefModel, HttpRuleModel, MatchModel, PathMatchModel, PathMatchType, StringMatchModel, StringMatchType } from '../core/model';
import { CorsPolicy, corsToModel } from './cors-policy';
import { DirectResponse, directResponseToModel } from './direct-response';
import { FaultInjection, faultToModel } from './fault-injection';
import { HeaderModifier, headerModifierToModel } from './header-modifier';
import { RequestMirror, mirrorsToModel } from './request-mirror';
import { RequestRedirect, redirectToModel } from './request-redirect';
import { RetryPolicy, retriesToModel } from './retry-policy';
import { UrlRewrite, rewriteToModel } from './url-rewrite';
import { BackendResolver, WeightedBackend, weightedBackendsToModel } from './weighted-backend';

/** HTTP methods a route can match. */
export enum HttpMethod {
  GET = 'GET',
  HEAD = 'HEAD',
  POST = 'POST',
  PUT = 'PUT',
  DELETE = 'DELETE',
  CONNECT = 'CONNECT',
  OPTIONS = 'OPTIONS',
  TRACE = 'TRACE',
  PATCH = 'PATCH',
}

/**
 * How a request path is matched.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httppathmatch
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
 */
export class PathMatch {
  /**
   * Paths starting with `prefix`. The Gateway API and Ingress match whole
   * path segments (`/status` matches `/status` and `/status/200`, not
   * `/statusx`); Istio's VirtualService matches the plain string prefix.
   */
  public static prefix(prefix: string): PathMatch {
    return new PathMatch(PathMatchType.PREFIX, prefix);
  }

  /** Exactly this path. */
  public static exact(path: string): PathMatch {
    return new PathMatch(PathMatchType.EXACT, path);
  }

  /**
   * Paths matching an RE2 regular expression in full. Not available with
   * Kubernetes Ingress.
   */
  public static regex(regex: string): PathMatch {
    return new PathMatch(PathMatchType.REGEX, regex);
  }

  private constructor(public readonly type: PathMatchType, public readonly value: string) {}

  /** @internal */
  public _toModel(scope: IConstruct, field: string): PathMatchModel {
    if (typeof this.value !== 'string') invalid(scope, field, `expected a string, received ${show(this.value)}`);
    const problem = this.type === PathMatchType.REGEX ? checkRegex(this.value) : checkPath(this.value);
    if (problem) invalid(scope, field, `${show(this.value)} ${problem}`);
    return { type: this.type, value: this.value };
  }
}

/** How the value of a header or query parameter is matched. */
export class StringMatch {
  /** The value equals `value`. */
  public static exact(value: string): StringMatch {
    return new StringMatch(StringMatchType.EXACT, value);
  }

  /** The value matches an RE2 regular expression in full. */
  public static regex(regex: string): StringMatch {
    return new StringMatch(StringMatchType.REGEX, regex);
  }

  private constructor(public readonly type: StringMatchType, public readonly value: string) {}

  /** @internal */
  public _toModel(scope: IConstruct, field: string, name: string): StringMatchModel {
    if (typeof this.value !== 'string') invalid(scope, field, `expected a string value, received ${show(this.value)}`);
    if (this.type === StringMatchType.REGEX) {
      const problem = checkRegex(this.value);
      if (problem) invalid(scope, field, `${show(this.value)} ${problem}`);
    } else if (this.value.length === 0 || this.value.length > 4096) {
      invalid(scope, field, 'the value to match must be 1 to 4096 characters long');
    }
    if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(this.value)) invalid(scope, field, 'a header or query value cannot contain control characters');
    return { name, type: this.type, value: this.value };
  }
}

/** Options of `RouteMatch.of()`: every condition given must hold. */
export interface RouteMatchOptions {
  /**
   * The request path.
   * @default - any path
   */
  readonly path?: PathMatch;
  /**
   * Request headers, by name (case-insensitive).
   * @default - no header condition
   */
  readonly headers?: { [name: string]: StringMatch };
  /**
   * Query parameters, by name (case-sensitive).
   * @default - no query parameter condition
   */
  readonly queryParams?: { [name: string]: StringMatch };
  /**
   * The HTTP method.
   * @default - any method
   */
  readonly method?: HttpMethod;
}

/** One set of conditions a request must meet to take a route. */
export class RouteMatch {
  /** Requests whose path starts with `prefix` (see `PathMatch.prefix`). */
  public static pathPrefix(prefix: string): RouteMatch {
    return new RouteMatch({ path: PathMatch.prefix(prefix) });
  }

  /** Requests for exactly `path`. */
  public static exactPath(path: string): RouteMatch {
    return new RouteMatch({ path: PathMatch.exact(path) });
  }

  /** Requests whose path matches the RE2 expression `regex` in full. */
  public static pathRegex(regex: string): RouteMatch {
    return new RouteMatch({ path: PathMatch.regex(regex) });
  }

  /** Requests meeting every condition given. */
  public static of(options: RouteMatchOptions): RouteMatch {
    return new RouteMatch(options);
  }

  private constructor(public readonly options: RouteMatchOptions) {}

  /** @internal */
  public _toModel(scope: IConstruct, field: string): MatchModel {
    const { path, headers, queryParams, method } = this.options ?? {};
    const model: { -readonly [K in keyof MatchModel]: MatchModel[K] } = {};
    if (path !== undefined) {
      if (!(path instanceof PathMatch)) invalid(scope, `${field}.path`, 'expected a PathMatch (PathMatch.prefix(), .exact() or .regex())');
      model.path = path._toModel(scope, `${field}.path`);
    }
    if (headers !== undefined) model.headers = stringMatches(scope, `${field}.headers`, headers, (n) => n.toLowerCase());
    if (queryParams !== undefined) model.queryParams = stringMatches(scope, `${field}.queryParams`, queryParams, (n) => n);
    if (method !== undefined) {
      if (!Object.values(HttpMethod).includes(method)) {
        invalid(scope, `${field}.method`, `${show(method)} is not an HTTP method; allowed: ${Object.values(HttpMethod).join(', ')}`);
      }
      model.method = method;
    }
    return model;
  }
}

/**
 * A route of an ExposedService: which requests (matches) go where, and how.
 * A route either forwards requests (to the service's backend, or to its own
 * weighted `backends`), or answers them itself (`redirect`,
 * `directResponse`). Features an API cannot express fail at synth time; see
 * the README's capability matrix.
 */
export interface HttpRoute {
  /**
   * A name for the route, rendered where the API has one (Istio `http[].name`,
   * Gateway API `rules[].name`). Lower-case letters, digits and `-`.
   * @default - unnamed
   */
  readonly name?: string;
  /**
   * The route is taken by a request that meets any one of these matches.
   * @default - every request
   */
  readonly matches?: RouteMatch[];
  /**
   * Where the route's requests go, each backend with its percentage (a
   * canary split: `[{ backend: v1, weight: 90 }, { backend: v2, weight: 10 }]`).
   * @default - the ExposedService's backend
   */
  readonly backends?: WeightedBackend[];
  /**
   * Time allowed for the whole request, retries included, after which the
   * gateway answers 504.
   * @default - no timeout beyond the proxy's defaults
   */
  readonly timeout?: Duration;
  /**
   * Retries of failed requests. Istio retries twice by default (on
   * connect-failure, refused-stream, unavailable, cancelled and 503); this
   * replaces that policy. Istio API only.
   * @default - Istio's default retries
   */
  readonly retries?: RetryPolicy;
  /**
   * Changes to the path or Host of forwarded requests.
   * @default - requests are forwarded unchanged
   */
  readonly rewrite?: UrlRewrite;
  /**
   * Answer with a redirect instead of forwarding.
   * @default - requests are forwarded
   */
  readonly redirect?: RequestRedirect;
  /**
   * Headers changed on forwarded requests.
   * @default - request headers are forwarded unchanged
   */
  readonly requestHeaders?: HeaderModifier;
  /**
   * Headers changed on responses.
   * @default - response headers are returned unchanged
   */
  readonly responseHeaders?: HeaderModifier;
  /**
   * Backends that receive a copy of the requests (responses ignored).
   * @default - no mirroring
   */
  readonly mirrors?: RequestMirror[];
  /**
   * A CORS policy the gateway answers for the backend.
   * @default - CORS is left to the backend
   */
  readonly cors?: CorsPolicy;
  /**
   * Delays or errors injected for testing. Istio API only.
   * @default - no fault injection
   */
  readonly fault?: FaultInjection;
  /**
   * Answer with a fixed response instead of forwarding. Istio API only.
   * @default - requests are forwarded
   */
  readonly directResponse?: DirectResponse;
}

/** Props that only make sense when requests are forwarded to a backend. */
const FORWARDING_ONLY = ['backends', 'timeout', 'retries', 'rewrite', 'requestHeaders', 'mirrors', 'fault'] as const;

/**
 * Validates a route and turns it into the model. `defaultBackend` is where
 * the route forwards unless it names its own backends; `resolve` checks any
 * other backend (weighted backends, mirrors) as the service's own.
 */
export function routeToModel(scope: IConstruct, field: string, route: HttpRoute, defaultBackend: BackendRefModel, resolve: BackendResolver): HttpRuleModel {
  if (route === null || typeof route !== 'object') invalid(scope, field, `expected a route object, received ${show(route)}`);
  checkCombinations(scope, field, route);
  const rule: { -readonly [K in keyof HttpRuleModel]: HttpRuleModel[K] } = { matches: [], backends: [] };
  if (route.name !== undefined) {
    if (typeof route.name !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(route.name) || route.name.length > 63) {
      invalid(scope, `${field}.name`, `${show(route.name)} must be a DNS-1123 label: at most 63 lower-case letters, digits and "-"`);
    }
    rule.name = route.name;
  }
  if (route.matches !== undefined) {
    if (!Array.isArray(route.matches)) invalid(scope, `${field}.matches`, 'expected a list of RouteMatch');
    if (route.matches.length > 64) invalid(scope, `${field}.matches`, `has ${route.matches.length} matches; at most 64 are allowed per route`);
    rule.matches = route.matches.map((match, i) => {
      if (!(match instanceof RouteMatch)) {
        invalid(scope, `${field}.matches[${i}]`, 'expected a RouteMatch (RouteMatch.pathPrefix(), .exactPath(), .pathRegex() or .of())');
      }
      return match._toModel(scope, `${field}.matches[${i}]`);
    });
  }
  const answersItself = route.redirect !== undefined || route.directResponse !== undefined;
  if (route.backends !== undefined) rule.backends = weightedBackendsToModel(scope, `${field}.backends`, route.backends, resolve);
  else if (!answersItself) rule.backends = [defaultBackend];
  let timeout: { text: string; duration: Duration } | undefined;
  if (route.timeout !== undefined) {
    const text = durationProp(scope, `${field}.timeout`, route.timeout, 'Duration.seconds(4)');
    timeout = { text, duration: route.timeout };
    rule.timeout = text;
  }
  if (route.retries !== undefined) rule.retries = retriesToModel(scope, `${field}.retries`, route.retries, timeout);
  if (route.rewrite !== undefined) rule.rewrite = rewriteToModel(scope, `${field}.rewrite`, route.rewrite, rule.matches);
  if (route.redirect !== undefined) rule.redirect = redirectToModel(scope, `${field}.redirect`, route.redirect, rule.matches);
  if (route.requestHeaders !== undefined) rule.requestHeaders = headerModifierToModel(scope, `${field}.requestHeaders`, route.requestHeaders);
  if (route.responseHeaders !== undefined) rule.responseHeaders = headerModifierToModel(scope, `${field}.responseHeaders`, route.responseHeaders);
  if (route.mirrors !== undefined) rule.mirrors = mirrorsToModel(scope, `${field}.mirrors`, route.mirrors, resolve);
  if (route.cors !== undefined) rule.cors = corsToModel(scope, `${field}.cors`, route.cors);
  if (route.fault !== undefined) rule.fault = faultToModel(scope, `${field}.fault`, route.fault);
  if (route.directResponse !== undefined) rule.directResponse = directResponseToModel(scope, `${field}.directResponse`, route.directResponse);
  return rule;
}

/**
 * Props that cannot go together, whatever the API: a route that answers
 * itself (redirect, direct response) forwards nothing, so everything about
 * forwarding would be silently ignored (Istio rejects most such
 * combinations); and Istio enables no timeout or retries on a route that
 * injects faults.
 */
function checkCombinations(scope: IConstruct, field: string, route: HttpRoute): void {
  const set = (key: keyof HttpRoute) => route[key] !== undefined;
  if (set('redirect') && set('directResponse')) {
    invalid(scope, `${field}.redirect`, 'a route answers either with a redirect or with a direct response, not both; keep one, or split the route');
  }
  for (const action of ['redirect', 'directResponse'] as const) {
    if (!set(action)) continue;
    const forwarding = FORWARDING_ONLY.filter(set);
    if (forwarding.length > 0) {
      invalid(
        scope,
        `${field}.${action}`,
        `a route with ${action} answers the client itself and forwards nothing, so ${forwarding.join(', ')} would never apply; ` +
          `remove ${forwarding.length > 1 ? 'them' : 'it'}, or use a separate route for the requests to forward`,
      );
    }
  }
  if (set('fault')) {
    const disabled = (['timeout', 'retries'] as const).filter(set);
    if (disabled.length > 0) {
      invalid(
        scope,
        `${field}.fault`,
        `Istio enables no ${disabled.join(' or ')} on a route that injects faults, so ${disabled.join(' and ')} would be ignored; ` +
          `remove ${disabled.length > 1 ? 'them' : 'it'} from this route, or inject the faults on a route of their own`,
      );
    }
  }
}

function stringMatches(
  scope: IConstruct,
  field: string,
  matches: { [name: string]: StringMatch },
  normalise: (name: string) => string,
): StringMatchModel[] {
  if (matches === null || typeof matches !== 'object') invalid(scope, field, 'expected a map of name to StringMatch');
  const names = Object.keys(matches).sort();
  if (names.length > 16) invalid(scope, field, `has ${names.length} entries; at most 16 are allowed`);
  const seen = new Set<string>();
  return names.map((name) => {
    const key = `${field}[${JSON.stringify(name)}]`;
    const nameProblem = checkHeaderName(name);
    if (nameProblem) invalid(scope, key, `${show(name)} ${nameProblem}`);
    const normalised = normalise(name);
    if (seen.has(normalised)) invalid(scope, key, `${show(name)} is given twice (names are case-insensitive)`);
    seen.add(normalised);
    const match = matches[name];
    if (!(match instanceof StringMatch)) invalid(scope, key, 'expected a StringMatch (StringMatch.exact() or .regex())');
    return match._toModel(scope, key, normalised);
  });
}

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

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
  if (!path.startsWith('/')) return 'must start with "/"';
  if (path.length > 1024) return 'must be at most 1024 characters long';
  if (/[\s\u0000-\u001f\u007f]/.test(path)) return 'must not contain whitespace or control characters';
  if (/\/\/|\/\.\/|\/\.\.\/|%2f|%2F|#/.test(path) || /\/\.\.?$/.test(path)) {
    return 'must not contain "//", "/./", "/../", "%2f", "#" or end with "/." or "/.."';
  }
  return undefined;
}

/**
 * Checks a regular expression as RE2 (what Envoy uses) would accept it: it
 * must compile, and must not use the backtracking-only features RE2 lacks.
 */
export function checkRegex(regex: string): string | undefined {
  if (regex.length === 0 || regex.length > 1024) return 'must be a regular expression of 1 to 1024 characters';
  if (/\(\?<?[=!]/.test(regex)) return 'uses a lookaround assertion, which RE2 (used by Envoy) does not support';
  if (/\\[1-9]/.test(regex)) return 'uses a backreference, which RE2 (used by Envoy) does not support';
  try {
    // RE2 syntax JavaScript lacks: leading inline flags such as (?i), and (?P<name>...) groups.
    new RegExp(regex.replace(/^\(\?[imsU]+\)/, '').replace(/\(\?P</g, '(?<'));
  } catch (e) {
    return `is not a valid regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')})`;
  }
  return undefined;
}
