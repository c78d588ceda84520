import { IConstruct } from 'constructs';
import { invalid, show } from '../errors';
import { checkHeaderName, checkPath, checkPathRegex, checkRegex } from '../checks/http';
import { checkKnownKeys, propNames } from './props';
import { MatchModel, PathMatchModel, PathMatchType, StringMatchModel, StringMatchType } from '../model/types';
import { Mutable } from '../model/mutable';

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
   * Kubernetes Ingress. Checked by RE2 itself, as istiod and Envoy check it:
   * RE2 syntax (no lookarounds, backreferences, `\Z` or `\e`; at most 1000
   * repeats), at most 1024 bytes.
   */
  public static regex(regex: string): PathMatch {
    return new PathMatch(PathMatchType.REGEX, regex);
  }

  private constructor(public readonly type: PathMatchType, public readonly value: string) {}

  /** @internal */
  public _toModel(scope: IConstruct, field: string): PathMatchModel {
    if (typeof this.value !== 'string') invalid(scope, field, `expected a string, received ${show(this.value)}`);
    const problem = this.type === PathMatchType.REGEX ? checkPathRegex(this.value) : checkPath(this.value);
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

  /** The value matches an RE2 regular expression in full (checked as `PathMatch.regex()` is). */
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

const ROUTE_MATCH_OPTIONS = propNames<RouteMatchOptions>({ path: true, headers: true, queryParams: true, method: true });

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
    const options = this.options;
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      invalid(scope, field, `expected RouteMatchOptions such as { path: PathMatch.prefix('/api') }, received ${show(options)}`);
    }
    checkKnownKeys(scope, field, options, ROUTE_MATCH_OPTIONS);
    const { path, headers, queryParams, method } = options;
    const model: Mutable<MatchModel> = {};
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

function stringMatches(
  scope: IConstruct,
  field: string,
  matches: { [name: string]: StringMatch },
  normalise: (name: string) => string,
): StringMatchModel[] {
  if (matches === null || typeof matches !== 'object' || Array.isArray(matches)) invalid(scope, field, 'expected a map of name to StringMatch');
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

