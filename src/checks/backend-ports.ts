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
  /** The problem with `backend`, once per owner, Service and port; the caller spells out the field only then (most backends are Services the program does not define). */
  const check = (source: string, backend: BackendRefModel): string | undefined => {
    const key = `${backend.namespace}/${backend.name}`;
    const service = Object.prototype.hasOwnProperty.call(known, key) ? known[key] : undefined;
    if (!service) return undefined;
    const once = `${source}\n${key}\n${backend.port ?? backend.portName}`;
    if (reported.has(once)) return undefined;
    const found = service.ports.some((p) => (backend.port === undefined || p.port === backend.port) && (backend.portName === undefined || backend.port !== undefined || p.name === backend.portName));
    if (found) return undefined;
    reported.add(once);
    return (
      `Service ${backend.namespace}/${backend.name}${service.source ? ` (defined by ${service.source})` : ''} has no port ${backend.port ?? JSON.stringify(backend.portName)}, ` +
      `only ${describePorts(service)}, so every request would get a 503; use one of its ports, or add the port to the Service`
    );
  };
  for (const { source, rules } of model.routes) {
    for (let r = 0; r < rules.length; r++) {
      const { backends, mirrors = [] } = rules[r];
      for (let b = 0; b < backends.length; b++) {
        const message = check(source, backends[b]);
        if (message) problems.push({ source, field: `routes[${r}].backends[${b}]`, message });
      }
      for (let m = 0; m < mirrors.length; m++) {
        const message = check(source, mirrors[m].backend);
        if (message) problems.push({ source, field: `routes[${r}].mirrors[${m}]`, message });
      }
    }
  }
  for (const { source, backends = [] } of model.tls) {
    for (let b = 0; b < backends.length; b++) {
      const message = check(source, backends[b]);
      if (message) problems.push({ source, field: backends.length === 1 ? 'backend' : `backends[${b}]`, message });
    }
  }
  return problems;
}

function describePorts(service: KnownServiceModel): string {
  if (service.ports.length === 0) return 'none';
  return service.ports.map((p) => (p.name ? `${p.port} (${p.name})` : String(p.port))).join(', ');
}
