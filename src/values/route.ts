import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalid, show } from '../errors';
import { combinationProblems } from '../checks/rule-combinations';
import { BackendRefModel, HttpRuleModel } from '../model/types';
import { CorsPolicy, corsToModel } from './cors-policy';
import { DirectResponse, directResponseToModel } from './direct-response';
import { durationProp } from './duration';
import { checkKnownKeys, propNames } from './props';
import { FaultInjection, faultToModel } from './fault-injection';
import { HeaderModifier, headerModifierToModel } from './header-modifier';
import { RouteMatch } from './match';
import { RequestMirror, mirrorsToModel } from './request-mirror';
import { RequestRedirect, redirectToModel } from './request-redirect';
import { RetryPolicy, retriesToModel } from './retry-policy';
import { UrlRewrite, rewriteToModel } from './url-rewrite';
import { BackendResolver, WeightedBackend, weightedBackendsToModel } from './weighted-backend';
import { Mutable } from '../model/mutable';

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

/** Every prop of HttpRoute. */
const ROUTE_PROPS = propNames<HttpRoute>({
  name: true,
  matches: true,
  backends: true,
  timeout: true,
  retries: true,
  rewrite: true,
  redirect: true,
  requestHeaders: true,
  responseHeaders: true,
  mirrors: true,
  cors: true,
  fault: true,
  directResponse: true,
});


/**
 * Validates a route and turns it into the model. `defaultBackend` is where
 * the route forwards unless it names its own backends; `resolve` checks any
 * other backend (weighted backends, mirrors) as the service's own.
 */
export function routeToModel(scope: IConstruct, field: string, route: HttpRoute, defaultBackend: BackendRefModel, resolve: BackendResolver): HttpRuleModel {
  if (route === null || typeof route !== 'object' || Array.isArray(route)) invalid(scope, field, `expected a route object, received ${show(route)}`);
  checkKnownKeys(scope, field, route, ROUTE_PROPS);
  checkCombinations(scope, field, route);
  const rule: Mutable<HttpRuleModel> = { matches: [], backends: [] };
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
 * Props that cannot go together, whatever the API (`combinationProblems`):
 * the first one found is refused.
 */
function checkCombinations(scope: IConstruct, field: string, route: HttpRoute): void {
  // Most routes forward and inject no faults: nothing to combine.
  if (route.redirect === undefined && route.directResponse === undefined && route.fault === undefined) return;
  const [problem] = combinationProblems((key) => route[key] !== undefined);
  if (problem) invalid(scope, `${field}.${problem.field}`, problem.message);
}

