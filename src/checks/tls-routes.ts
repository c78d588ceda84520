import { HostIndex } from '../model/hosts';
import { ModelProblem } from '../model/problems';
import { IngressApiKind, ResolvedGatewayModel, TlsMode } from '../model/types';

/**
 * A host a TlsIngress terminates TLS for, that no route of the gateway
 * serves: every HTTPS request for it gets a 404 (`NR route_not_found`),
 * since the HTTPS listener only forwards what routes of its host match.
 *
 * Not checked where routes may come from elsewhere: passthrough (its
 * backend is its route), a gateway run by another team (imported with
 * `IngressGateway.fromGatewayName()`, whose routes other programs attach),
 * a gateway the program attaches no route to at all (a platform team's
 * gateway and certificates, the app teams' programs attaching the routes:
 * with the Istio API any namespace's VirtualService may bind to it), a
 * Gateway API gateway that accepts routes from other namespaces
 * (`allowedRoutes` all or selected namespaces: other teams' HTTPRoutes),
 * and a TLS source that says its routes are attached elsewhere
 * (`routesAttachedElsewhere`: an Istio gateway with routes of its own and
 * certificates for other teams' hosts).
 *
 * A route's hosts count when they intersect the TLS host: a wildcard route
 * host (`*.example.com`, `*`) serves a TLS host under it and the other way
 * round, since some request host matches both.
 */
export function checkTlsHostsRouted(model: ResolvedGatewayModel): ModelProblem[] {
  if (model.managed === false || model.tls.length === 0 || model.routes.length === 0) return [];
  if (model.api === IngressApiKind.GATEWAY_API && (model.gatewayApi?.allowedRoutes?.from ?? 'Same') !== 'Same') return [];
  const routed = new HostIndex<true>();
  for (const route of model.routes) for (const host of route.hosts) routed.add(host, true);
  const problems: ModelProblem[] = [];
  for (const t of model.tls) {
    if (t.tls.mode === TlsMode.PASSTHROUGH || t.routesAttachedElsewhere === true) continue;
    t.hosts.forEach((host, i) => {
      if (routed.intersecting(host).length > 0) return;
      problems.push({
        source: t.source,
        field: `hosts[${i}]`,
        message:
          `no ExposedService on gateway ${model.namespace}/${model.name} serves host ${JSON.stringify(host)}, so every HTTPS request for it would get a 404 (route_not_found); ` +
          'expose a service on the host, remove the host from this TlsIngress, or, when other programs attach the routes for it, set routesAttachedElsewhere: true',
      });
    });
  }
  return problems;
}
