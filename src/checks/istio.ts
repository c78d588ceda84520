import { ModelProblem } from '../model/problems';
import { show } from '../model/show';
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
  if (model.hosts !== undefined) problems.push(...shortHosts(model.source, model.hosts));
  for (const t of model.tls) problems.push(...shortHosts(t.source, t.hosts));
  for (const route of model.routes) {
    problems.push(...shortHosts(route.source, route.hosts));
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

/**
 * Hosts an Istio Gateway can list: istiod refuses a server host that is a
 * short name ("short names (non FQDN) are not allowed") or whose top-level
 * label is all digits (istio 1.30 `agent/validation.go`,
 * `validateSidecarOrGatewayHostnamePart` and `ValidateDNS1123Labels`). Every
 * host of a route or TLS source is one, on this library's gateway or on the
 * one a route attaches to.
 */
function shortHosts(source: string, hosts: readonly string[]): ModelProblem[] {
  const problems: ModelProblem[] = [];
  hosts.forEach((host, i) => {
    if (host === '*') return;
    const dot = host.lastIndexOf('.');
    let message: string | undefined;
    if (dot < 0) message = `${show(host)} is a short name, but an Istio Gateway serves fully qualified host names only (istiod refuses short names): give the full name, such as "${host.slice(0, 40)}.example.com"`;
    else if (/^\d+$/.test(host.slice(dot + 1))) message = `${show(host)} ends in an all-numeric label, which istiod refuses as a top-level domain: give a DNS name, such as "api.example.com"`;
    if (message) problems.push({ source, field: `hosts[${i}]`, message });
  });
  return problems;
}
