import { ModelProblem } from '../model/problems';
import { PathModifierType, ResolvedGatewayModel } from '../model/types';
import { checkRegex, prefixRemovalRegex } from './regex';

/**
 * What only the Istio API needs: its `httpsRedirect` always sends clients to
 * the default HTTPS port; a prefix removed by a rewrite becomes a regex
 * (`uriRegexRewrite.match`), which istiod checks as any regex (istio
 * `validation.go`, `validateHTTPRewrite` -> `validateStringRegexp`).
 */
export function checkIstioApi(model: ResolvedGatewayModel): ModelProblem[] {
  const problems: ModelProblem[] = model.tls
    .filter((t) => t.redirectFromPort !== undefined && t.port !== 443)
    .map((t) => ({
      source: t.source,
      field: 'httpsRedirect',
      message: `Istio's httpsRedirect always sends clients to port 443, but TLS is served on port ${t.port}; serve TLS on 443, or set httpsRedirect: false`,
    }));
  for (const route of model.routes) {
    route.rules.forEach((rule, r) => {
      const path = rule.rewrite?.path;
      const prefix = rule.matches[0]?.path?.value;
      if (path?.type !== PathModifierType.PREFIX_MATCH || prefix === undefined || prefix.endsWith('/') || path.value.replace(/\/+$/, '') !== '') return;
      const problem = checkRegex(prefixRemovalRegex(prefix));
      if (problem) problems.push({ source: route.source, field: `routes[${r}].rewrite`, message: `removing the prefix ${JSON.stringify(prefix.slice(0, 80))} takes the regex ${JSON.stringify(prefixRemovalRegex(prefix).slice(0, 80))}, which ${problem}` });
    });
  }
  return problems;
}
