/**
 * The fields of a route that only apply when it forwards requests to a
 * backend. The props of `HttpRoute` and the fields of `HttpRuleModel` have the
 * same names, so the constructs and the model checks share these rules.
 */
export const FORWARDING_ONLY = ['backends', 'timeout', 'retries', 'rewrite', 'requestHeaders', 'mirrors', 'fault'] as const;

/** A field the combination rules look at. */
export type CombinedField = 'redirect' | 'directResponse' | (typeof FORWARDING_ONLY)[number];

/** A combination refused, named by the field that makes the others meaningless. */
export interface CombinationProblem {
  readonly field: 'redirect' | 'directResponse' | 'fault';
  readonly message: string;
}

/**
 * Fields that cannot go together, whatever the API: a route that answers
 * itself (redirect, direct response) forwards nothing, so everything about
 * forwarding would be silently ignored (istiod's VirtualService validation,
 * `validateHTTPRoute`, refuses a redirect or a direct response together with
 * a route, a rewrite or a fault, and the two together); and Istio enables no
 * timeout or retries on a route that injects faults. In the order the
 * constructs report them (they stop at the first).
 */
export function combinationProblems(isSet: (field: CombinedField) => boolean): CombinationProblem[] {
  const problems: CombinationProblem[] = [];
  if (isSet('redirect') && isSet('directResponse')) {
    problems.push({ field: 'redirect', message: 'a route answers either with a redirect or with a direct response, not both; keep one, or split the route' });
  }
  for (const action of ['redirect', 'directResponse'] as const) {
    if (!isSet(action)) continue;
    const forwarding = FORWARDING_ONLY.filter(isSet);
    if (forwarding.length > 0) {
      problems.push({
        field: action,
        message:
          `a route with ${action} answers the client itself and forwards nothing, so ${forwarding.join(', ')} would never apply; ` +
          `remove ${forwarding.length > 1 ? 'them' : 'it'}, or use a separate route for the requests to forward`,
      });
    }
  }
  if (isSet('fault')) {
    const disabled = (['timeout', 'retries'] as const).filter(isSet);
    if (disabled.length > 0) {
      problems.push({
        field: 'fault',
        message:
          `Istio enables no ${disabled.join(' or ')} on a route that injects faults, so ${disabled.join(' and ')} would be ignored; ` +
          `remove ${disabled.length > 1 ? 'them' : 'it'} from this route, or inject the faults on a route of their own`,
      });
    }
  }
  return problems;
}
