import { ModelProblem } from '../model/problems';
import { BackendRefModel, KnownServiceModel, ResolvedGatewayModel } from '../model/types';

/**
 * A backend port the Service does not have, for Services the program itself
 * defines (`knownServices`): Istio finds no endpoints for the port and every
 * request gets a 503 (`UH no healthy upstream`, or `NR` with the Gateway API,
 * whose route is rejected with `ResolvedRefs: BackendNotFound`). Services
 * the program does not define are not checked: their ports are unknown here.
 */
export function checkBackendPorts(model: ResolvedGatewayModel): ModelProblem[] {
  const known = model.knownServices;
  if (known === undefined || Object.keys(known).length === 0) return [];
  const problems: ModelProblem[] = [];
  // Once per owner, Service and port: rules sharing the route's backend would repeat it.
  const reported = new Set<string>();
  const check = (source: string, field: string, backend: BackendRefModel) => {
    const key = `${backend.namespace}/${backend.name}`;
    const service = Object.prototype.hasOwnProperty.call(known, key) ? known[key] : undefined;
    if (!service) return;
    const once = `${source}\n${key}\n${backend.port ?? backend.portName}`;
    if (reported.has(once)) return;
    const found = service.ports.some((p) => (backend.port === undefined || p.port === backend.port) && (backend.portName === undefined || backend.port !== undefined || p.name === backend.portName));
    if (found) return;
    reported.add(once);
    problems.push({
      source,
      field,
      message:
        `Service ${backend.namespace}/${backend.name}${service.source ? ` (defined by ${service.source})` : ''} has no port ${backend.port ?? JSON.stringify(backend.portName)}, ` +
        `only ${describePorts(service)}, so every request would get a 503; use one of its ports, or add the port to the Service`,
    });
  };
  for (const route of model.routes) {
    route.rules.forEach((rule, r) => {
      rule.backends.forEach((backend, b) => check(route.source, `routes[${r}].backends[${b}]`, backend));
      (rule.mirrors ?? []).forEach((mirror, m) => check(route.source, `routes[${r}].mirrors[${m}]`, mirror.backend));
    });
  }
  for (const t of model.tls) (t.backends ?? []).forEach((backend, b, all) => check(t.source, all.length === 1 ? "backend" : `backends[${b}]`, backend));
  return problems;
}

function describePorts(service: KnownServiceModel): string {
  if (service.ports.length === 0) return 'none';
  return service.ports.map((p) => (p.name ? `${p.port} (${p.name})` : String(p.port))).join(', ');
}
