import { formatMillis, parseDurationText } from '../model/durations';
import { ModelProblem } from '../model/problems';
import { RouteModel } from '../model/types';

/**
 * A route's timeout bounds all attempts of a request together; retries do not
 * extend it. `attempts` counts the retries after the first try, and each try
 * may run for `perTryTimeout`: when the timeout is not longer than
 * `attempts x perTryTimeout`, the last retry after tries that time out could
 * only start when the timeout has already expired, so the retries configured
 * for slow backends (what `perTryTimeout` is for) are silently cut.
 *
 * Semantics: Istio copies the route's `timeout` to Envoy's
 * `RouteAction.timeout` (istio pilot/pkg/networking/core/route/route.go,
 * `setTimeout`) and `retries.perTryTimeout` to `RetryPolicy.per_try_timeout`
 * (route/retry/retry.go); Envoy documents the route timeout as including all
 * retries and `per_try_timeout` as applying to each attempt including the
 * first (api/envoy/config/route/v3/route_components.proto). The Gateway API's
 * `timeouts.request` becomes the VirtualService `timeout` and
 * `timeouts.backendRequest` its `perTryTimeout` (istio
 * pilot/pkg/config/kube/gateway/conversion.go, `convertHTTPRoute`), with the
 * same bound.
 */
export function checkRetryBudget(routes: readonly RouteModel[]): ModelProblem[] {
  const problems: ModelProblem[] = [];
  for (const route of routes) {
    route.rules.forEach((rule, r) => {
      const retries = rule.retries;
      if (rule.timeout === undefined || !retries || retries.perTryTimeout === undefined || !(retries.attempts > 0)) return;
      const timeout = parseDurationText(rule.timeout);
      const perTry = parseDurationText(retries.perTryTimeout);
      // An unparsable value is reported by the value checks; a zero timeout is Istio's "no timeout".
      if (timeout === undefined || perTry === undefined || timeout === 0) return;
      const budget = retries.attempts * perTry;
      if (timeout > budget) return;
      const fits = Math.max(0, Math.ceil(timeout / perTry) - 1);
      const fixes = [`raise the timeout to ${formatMillis((retries.attempts + 1) * perTry)} (every try in full)`, ...(fits > 0 ? [`lower attempts to ${fits}`] : []), 'shorten perTryTimeout'];
      problems.push({
        source: route.source,
        field: `routes[${r}].retries`,
        message:
          `the route's timeout (${rule.timeout}) bounds all tries together, and ${retries.attempts} ${retries.attempts === 1 ? 'retry' : 'retries'} after the first try ` +
          `at up to ${retries.perTryTimeout} each do not fit in it: after tries that time out, only ${fits} of the retries could start, so the rest would be dropped silently; ` +
          `${fixes.join(', or ')}`,
      });
    });
  }
  return problems;
}
