import { MatchModel, PathMatchType } from './model';

/**
 * Route precedence, the same in every flavour: the most specific match wins,
 * following the Gateway API's HTTPRoute rules (which Istio also applies to
 * Gateway API routes):
 *
 * 1. an exact path, then a regular expression, then the longest path prefix
 *    (no path counts as the prefix `/`);
 * 2. then a match with a method;
 * 3. then the most header matches;
 * 4. then the most query parameter matches;
 * 5. then declaration order.
 *
 * Istio evaluates VirtualService routes top-down and Ingress paths by length,
 * so the Istio renderer orders routes with this comparator; a route explainer
 * uses it to answer "which rule wins".
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
      return 2;
    default:
      return 1;
  }
}

function pathLength(match: MatchModel): number {
  return match.path?.value.length ?? 1;
}

/** A canonical text for a match, equal for two matches exactly when they select the same requests syntactically. */
export function matchKey(match: MatchModel): string {
  const strings = (list: MatchModel['headers']) =>
    (list ?? []).map((m) => `${m.name.toLowerCase()}${m.type === 'Exact' ? '=' : '~'}${m.value}`).sort();
  const path = match.path ?? { type: PathMatchType.PREFIX, value: '/' };
  return JSON.stringify([path.type, path.value, match.method ?? '', strings(match.headers), strings(match.queryParams)]);
}
