import { MatchModel, PathMatchType, StringMatchModel, StringMatchType } from './types';

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
