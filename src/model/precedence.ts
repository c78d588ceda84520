import { MatchModel, PathMatchType, StringMatchModel, StringMatchType } from './types';

/**
 * Route precedence, the same in every flavour: the order in which istiod 1.30
 * itself sorts Gateway API routes (`sortHTTPRoutes`, `getURIRank` and
 * `getURILength` in pilot/pkg/config/kube/gateway/conversion.go), which the
 * Istio API and Ingress renderers reproduce so that one model means one
 * routing everywhere:
 *
 * 1. an exact path, then a path prefix, then a regular expression (no path
 *    counts as the prefix `/`); the Gateway API leaves regular expressions to
 *    the implementation, and istiod ranks them last;
 * 2. then the longer path value (prefix, exact path or expression alike);
 * 3. then a match with a method;
 * 4. then the most header matches;
 * 5. then the most query parameter matches;
 * 6. then declaration order (the sort is stable).
 *
 * A catch-all (the prefix `/` with no other condition) therefore comes before
 * every regular expression, and istiod sends nothing after a catch-all
 * (`BuildHTTPRoutesForVirtualService` in pilot/pkg/networking/core/route/route.go):
 * it shadows them, in every API alike.
 *
 * Istio evaluates VirtualService routes top-down and Ingress paths by length,
 * so the Istio and Ingress renderers order routes with this comparator; the
 * route explainer uses it for the model's own answer.
 */
export function compareMatches(a: MatchModel, b: MatchModel): number {
  return (
    pathRank(b) - pathRank(a) ||
    pathLength(b) - pathLength(a) ||
    Number(b.method !== undefined) - Number(a.method !== undefined) ||
    (b.headers?.length ?? 0) - (a.headers?.length ?? 0) ||
    (b.queryParams?.length ?? 0) - (a.queryParams?.length ?? 0)
  );
}

function pathRank(match: MatchModel): number {
  switch (match.path?.type) {
    case PathMatchType.EXACT:
      return 3;
    case PathMatchType.REGEX:
      return 1;
    default:
      return 2;
  }
}

function pathLength(match: MatchModel): number {
  return match.path?.value.length ?? 1;
}

/** A canonical text for a match, equal for two matches exactly when they select the same requests syntactically. */
export function matchKey(match: MatchModel): string {
  // Built by concatenation (no JSON): the conflict check computes one per match and host.
  const path = match.path ?? DEFAULT_PATH;
  let key = `${path.type}\u0000${path.value}\u0000${match.method ?? ''}`;
  if (match.headers?.length) key += `\u0000h${stringMatchesKey(match.headers)}`;
  if (match.queryParams?.length) key += `\u0000q${stringMatchesKey(match.queryParams)}`;
  return key;
}

const DEFAULT_PATH = { type: PathMatchType.PREFIX, value: '/' };

function stringMatchesKey(matches: readonly StringMatchModel[]): string {
  return matches
    .map((m) => `${m.name.toLowerCase()}${m.type === StringMatchType.EXACT ? '=' : '~'}${m.value}`)
    .sort()
    .join('\u0000');
}
