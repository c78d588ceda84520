import { API_NAMES } from '../model/capabilities';
import { ModelProblem } from '../model/problems';
import { IngressApiKind, ResolvedGatewayModel } from '../model/types';

/** Istio's generated Gateway for Ingresses listens for plain HTTP on this port only. */
const INGRESS_HTTP_PORT = 80;

/** What only Kubernetes Ingress needs: Istio serves Ingresses on port 80 only, and an Ingress reaches Services in its own namespace only. */
export function checkKubernetesIngress(model: ResolvedGatewayModel): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const instead = `use the ${API_NAMES[IngressApiKind.ISTIO]} or the ${API_NAMES[IngressApiKind.GATEWAY_API]}`;
  for (const route of model.routes) {
    if (route.port !== INGRESS_HTTP_PORT) {
      problems.push({
        source: route.source,
        field: 'port',
        message:
          `${route.port} cannot be used: an Ingress has no port, and Istio serves Ingresses over HTTP on port ${INGRESS_HTTP_PORT} only; ` +
          `leave the port at its default (${INGRESS_HTTP_PORT}), or ${instead} to serve other ports`,
      });
    }
    const reported = new Set<string>();
    for (const rule of route.rules) {
      for (const backend of rule.backends) {
        const service = `${backend.namespace}/${backend.name}`;
        if (backend.namespace === route.namespace || reported.has(service)) continue;
        reported.add(service);
        problems.push({
          source: route.source,
          field: 'backend',
          message:
            `Service ${service} is in namespace ${backend.namespace}, but an Ingress can only send traffic to Services in its own namespace (${route.namespace}); ` +
            `put the route in namespace ${backend.namespace} (leave its namespace unset, or set it to ${JSON.stringify(backend.namespace)}), or ${instead}, which route across namespaces`,
        });
      }
    }
  }
  return problems;
}
