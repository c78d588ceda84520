import { attachedSections, HTTP_FAMILY, ListenerIndex } from '../model/attachment';
import { SharedClientCas } from '../model/credentials';
import { namespaceLabels, selectsByNameOnly, unmatchedLabels } from '../model/labels';
import { ModelProblem } from '../model/problems';
import { AllowedRoutesModel, ResolvedGatewayModel, TlsMode } from '../model/types';

/** Size limits of the Gateway API CRDs (`maxItems`), checked before the API server would reject the objects. */
const MAX_LISTENERS = 64;
const MAX_ROUTE_HOSTNAMES = 16;
const MAX_ROUTE_RULES = 16;
const MAX_PARENT_REFS = 32;
const SAME_NAMESPACE: AllowedRoutesModel = { from: 'Same' };

/**
 * What only the Gateway API needs: the CRDs' size limits, routes the
 * listeners' `allowedRoutes` would never attach, and client-certificate
 * settings, which the Gateway API sets per port rather than per host.
 */
export function checkGatewayApi(model: ResolvedGatewayModel, index: ListenerIndex): ModelProblem[] {
  const problems: ModelProblem[] = [];
  if (model.managed !== false && model.listeners.length > MAX_LISTENERS) {
    problems.push({
      source: model.source,
      field: 'hosts',
      message:
        `gateway ${model.namespace}/${model.name} needs ${model.listeners.length} listeners (one per host and port) but the Gateway API allows at most ${MAX_LISTENERS}; ` +
        'serve the hosts with a wildcard (set hosts: ["*.example.com"] on the gateway), or split them across several gateways',
    });
  }
  const routeOwners = [...model.routes, ...model.tls.filter((t) => t.tls.mode === TlsMode.PASSTHROUGH || t.redirectFromPort !== undefined)];
  for (const route of routeOwners) {
    const rejection = rejectedBy(model, index, route);
    if (rejection) problems.push({ source: route.source, field: 'namespace', message: rejection });
  }
  return [...problems, ...checkClientValidationPerPort(model), ...checkRouteSizes(model, index)];
}

/** The HTTPRoute limits a route could exceed, each with what to do instead. */
function checkRouteSizes(model: ResolvedGatewayModel, index: ListenerIndex): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const hostnames = (source: string, hosts: readonly string[]) => {
    if (hosts.includes('*') || hosts.length <= MAX_ROUTE_HOSTNAMES) return;
    problems.push({
      source,
      field: 'hosts',
      message:
        `has ${hosts.length} hosts, but an HTTPRoute holds at most ${MAX_ROUTE_HOSTNAMES} hostnames; ` +
        'cover them with a wildcard host such as "*.example.com", or split them across several constructs',
    });
  };
  for (const route of model.routes) {
    hostnames(route.source, route.hosts);
    if (route.rules.length > MAX_ROUTE_RULES) {
      problems.push({
        source: route.source,
        field: 'routes',
        message: `has ${route.rules.length} routes, but an HTTPRoute holds at most ${MAX_ROUTE_RULES} rules; merge routes with the same action (a route takes several matches), or split them across ExposedServices`,
      });
    }
    // A route names each listener at most once, so only a Gateway with more listeners than that could be refused.
    if (model.listeners.length <= MAX_PARENT_REFS) continue;
    const parents = attachedSections(model, index, route.hosts, HTTP_FAMILY, index.serving(route))?.length ?? 1;
    if (parents > MAX_PARENT_REFS) {
      problems.push({
        source: route.source,
        field: 'hosts',
        message: `would attach to ${parents} listeners, but an HTTPRoute holds at most ${MAX_PARENT_REFS} parent references; serve its hosts with a wildcard host on the gateway (hosts: ["*.example.com"])`,
      });
    }
  }
  for (const t of model.tls) {
    if (t.redirectFromPort !== undefined) hostnames(t.source, t.hosts);
  }
  return problems;
}

/**
 * The Gateway API verifies client certificates per port (`spec.tls.frontend`),
 * not per host: every HTTPS listener on a port shares one validation setting.
 */
function checkClientValidationPerPort(model: ResolvedGatewayModel): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const byPort = new Map<number, { key: string; source: string }>();
  // CAs generated from the same PEM are one ConfigMap (the renderer emits it once).
  const shared = new SharedClientCas(model.tls);
  for (const t of model.tls) {
    if (t.tls.mode === TlsMode.PASSTHROUGH) continue;
    const ca = shared.resolve(t.tls.clientCa);
    const key = JSON.stringify([t.tls.mode === TlsMode.SIMPLE ? 'none' : t.tls.mode, ca ? [ca.kind, ca.namespace, ca.name] : null]);
    const first = byPort.get(t.port);
    if (!first) {
      byPort.set(t.port, { key, source: t.source });
    } else if (first.key !== key) {
      problems.push({
        source: t.source,
        field: 'mode',
        message:
          `the Gateway API verifies client certificates per port, and port ${t.port} already has other client-certificate settings from ${first.source}; ` +
          'serve this TLS on another port, use the same mode and client CA, or use the Istio API (per-host settings)',
      });
    }
  }
  return problems;
}

/**
 * Why the listeners would not attach a route from its namespace, if they
 * would not and the model tells: a gateway rendered here has one
 * `allowedRoutes` for every listener; an imported one, what each listener
 * the route reaches declares (the route attaches if any of them allows it).
 */
function rejectedBy(model: ResolvedGatewayModel, index: ListenerIndex, route: { readonly namespace: string; readonly hosts: readonly string[] }): string | undefined {
  const gatewayWide = model.gatewayApi?.allowedRoutes ?? SAME_NAMESPACE;
  if (model.managed !== false) return rejection(model, gatewayWide, route.namespace);
  const reached = index.intersecting(route.hosts).filter((l) => model.gatewayApi?.sectionName === undefined || l.name === model.gatewayApi.sectionName);
  if (reached.length === 0) return undefined;
  const rejections = reached.map((l) => rejection(model, l.allowedRoutes ?? gatewayWide, route.namespace));
  return rejections.every((r) => r !== undefined) ? rejections[0] : undefined;
}

function rejection(model: ResolvedGatewayModel, allowed: AllowedRoutesModel, namespace: string): string | undefined {
  if (allowed.from === 'All' || namespace === model.namespace) return undefined;
  const fix =
    `put the ExposedService in namespace ${model.namespace}, or let the gateway accept it with ` +
    'IngressApi.gatewayApi({ allowedRoutes: AllowedRoutes.allNamespaces() }) or AllowedRoutes.fromNamespacesWithLabels({...})';
  if (allowed.from === 'Same') {
    return `the route is in namespace ${namespace}, but gateway ${model.namespace}/${model.name} only accepts routes from its own namespace (allowedRoutes from: Same), so the route would never attach; ${fix}`;
  }
  const selector = allowed.matchLabels ?? {};
  const known = model.knownNamespaces?.[namespace];
  // A namespace the program does not create has unknown labels: only a selector by name can be answered for it.
  if (known === undefined && !selectsByNameOnly(selector)) return undefined;
  const labels = namespaceLabels(namespace, known);
  const missing = unmatchedLabels(selector, labels);
  if (missing.length === 0) return undefined;
  return (
    `the route is in namespace ${namespace}, whose labels do not match the gateway's allowedRoutes selector ` +
    `(${missing.map(([k, v]) => `${k}=${v}`).join(', ')} missing), so the route would never attach; label the namespace, or ${fix}`
  );
}
