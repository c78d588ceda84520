import { Feature, featuresOf, unsupported, UNSUPPORTED_BY_API } from '../model/capabilities';
import { ModelProblem } from '../model/problems';
import { HttpRuleModel, IngressApiKind, PathModifierType, RouteModel } from '../model/types';

/** A cheap test for each feature an API may lack: whether a rule can use it at all. */
const MAY_USE: Readonly<Partial<Record<Feature, (rule: HttpRuleModel) => boolean>>> = {
  [Feature.RETRIES]: (rule) => rule.retries !== undefined,
  [Feature.FAULT_INJECTION]: (rule) => rule.fault !== undefined,
  [Feature.DIRECT_RESPONSE]: (rule) => rule.directResponse !== undefined,
  [Feature.REDIRECT_PREFIX]: (rule) => rule.redirect?.path?.type === PathModifierType.PREFIX_MATCH,
  // TLS features belong to TlsIngress, which checks them itself: no rule uses them.
  [Feature.TLS_TERMINATION]: () => false,
  [Feature.TLS_MUTUAL]: () => false,
  [Feature.TLS_OPTIONAL_MUTUAL]: () => false,
  [Feature.TLS_PASSTHROUGH]: () => false,
  [Feature.HTTPS_REDIRECT]: () => false,
  [Feature.TLS_1_3_MINIMUM]: () => false,
  [Feature.CIPHER_SUITES]: () => false,
};

/**
 * One problem per use of a feature the API cannot express, naming the
 * feature, the API, what to do instead and the APIs that would support it.
 * Nothing is listed for a rule that cannot use any of the API's missing
 * features, which is every rule of most programs.
 */
export function checkCapabilities(api: IngressApiKind, routes: readonly RouteModel[]): ModelProblem[] {
  const blocked = UNSUPPORTED_BY_API[api];
  const tests = [...blocked].map((feature) => MAY_USE[feature]);
  // Without a cheap test for every missing feature (Kubernetes Ingress lacks most), every rule is examined.
  const cheap = tests.every((test) => test !== undefined) ? (tests as ((rule: HttpRuleModel) => boolean)[]) : undefined;
  const problems: ModelProblem[] = [];
  for (const route of routes) {
    for (let r = 0; r < route.rules.length; r++) {
      const rule = route.rules[r];
      if (cheap && !cheap.some((test) => test(rule))) continue;
      let reported: Set<string> | undefined;
      for (const { feature, field } of featuresOf(rule, `routes[${r}]`)) {
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
