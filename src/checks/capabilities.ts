import { featuresOf, unsupported, UNSUPPORTED_BY_API } from '../model/capabilities';
import { ModelProblem } from '../model/problems';
import { IngressApiKind, RouteModel } from '../model/types';

/**
 * One problem per use of a feature the API cannot express, naming the
 * feature, the API, what to do instead and the APIs that would support it.
 */
export function checkCapabilities(api: IngressApiKind, routes: readonly RouteModel[]): ModelProblem[] {
  const blocked = UNSUPPORTED_BY_API[api];
  const problems: ModelProblem[] = [];
  for (const route of routes) {
    for (let r = 0; r < route.rules.length; r++) {
      let reported: Set<string> | undefined;
      for (const { feature, field } of featuresOf(route.rules[r], `routes[${r}]`)) {
        if (!blocked.has(feature)) continue;
        reported ??= new Set();
        if (reported.has(`${feature}|${field}`)) continue;
        reported.add(`${feature}|${field}`);
        problems.push({ source: route.source, field, message: `${unsupported(api, feature)} for this route` });
      }
    }
  }
  return problems;
}
