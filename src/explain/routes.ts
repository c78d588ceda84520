import { backendsOf, EvaluationContext, listenerInfo } from './evaluate';
import { IrAction, IrServer } from './ir';
import { compareStrings } from '../model/names';
import { GatewayTable, ListenerTable, ObjectRef, RouteTableEntry, RoutingTable, VirtualHostTable } from './result';
import { Proxy, RouteConfig } from './table';

/** Every proxy's routing as plain data: listeners by port, virtual hosts, routes in the order Envoy tries them. */
export function routingTable(proxies: readonly Proxy[], context: EvaluationContext): RoutingTable {
  return { gateways: proxies.map((proxy) => gatewayTable(proxy, context)) };
}

function gatewayTable(proxy: Proxy, context: EvaluationContext): GatewayTable {
  const objects: ObjectRef[] = [];
  for (const gateway of proxy.gateways) if (!objects.includes(gateway.object)) objects.push(gateway.object);
  const listeners: ListenerTable[] = [];
  for (const port of [...proxy.ports.keys()].sort((a, b) => a - b)) {
    const table = proxy.ports.get(port)!;
    if (table.plain) listeners.push(listenerTable(table.plain.servers, port, 'HTTP', table.plain, context));
    const passthrough = new Map<IrServer, RouteTableEntry[]>();
    for (const chain of table.chains) {
      if (chain.routeConfig) listeners.push(listenerTable([chain.server], port, chain.server.protocol, chain.routeConfig, context));
      if (chain.passthrough) {
        const { route, match } = chain.passthrough;
        let entries = passthrough.get(chain.server);
        if (!entries) passthrough.set(chain.server, (entries = []));
        const backends = backendsOf(context, route.destinations, []);
        entries.push({ object: route.object, field: `${route.field}.match[${match}]`, match: `SNI ${chain.sniHosts.join(', ')}`, action: `pass TLS through to ${backends.map(showBackend).join(', ') || 'nothing'}`, backends, catchAll: false });
      }
    }
    for (const [server, entries] of passthrough) listeners.push({ listeners: [listenerInfo(server)], port, protocol: server.protocol, virtualHosts: [], passthrough: entries });
  }
  return { name: proxy.names.join(', '), objects, listeners };
}

function listenerTable(servers: readonly IrServer[], port: number, protocol: string, config: RouteConfig, context: EvaluationContext): ListenerTable {
  const virtualHosts: VirtualHostTable[] = [...config.virtualHosts]
    .sort((a, b) => compareStrings(a.domain, b.domain))
    .map((vhost) => ({
      domains: [vhost.domain],
      httpsRedirect: vhost.requireTls,
      routes: vhost.routes.map((route) => {
        const backends = route.http.action.kind === 'route' ? backendsOf(context, route.http.action.destinations, []) : [];
        return { object: route.http.object, field: route.match?.field ?? route.http.field, match: route.text, action: describeAction(route.http.action, backends), backends, catchAll: route.catchAll };
      }),
    }));
  return { listeners: servers.map((server) => listenerInfo(server)), port, protocol, virtualHosts, passthrough: [] };
}

function showBackend(backend: { name: string; namespace?: string; port?: number; weight: number; problem?: string }): string {
  const name = backend.namespace ? `${backend.name}.${backend.namespace}` : backend.name || '(invalid backend)';
  return `${name}${backend.port !== undefined ? `:${backend.port}` : ''}${backend.weight !== 100 ? ` ${backend.weight}%` : ''}${backend.problem ? ' (unusable)' : ''}`;
}

/** A route's action in words: `forward httpbin.default:8000`, `redirect 301 https://...`, `respond 404`. */
export function describeAction(action: IrAction, backends: readonly { name: string; namespace?: string; port?: number; weight: number; problem?: string }[]): string {
  if (action.kind === 'direct') return `respond ${action.status}`;
  if (action.kind === 'redirect') {
    const r = action.redirect;
    const parts = [r.scheme ? `scheme ${r.scheme}` : '', r.authority ? `host ${r.authority}` : '', typeof r.port === 'number' ? `port ${r.port}` : '', r.uri ? `path ${r.uri}` : '', r.prefixRewrite !== undefined ? `prefix -> ${r.prefixRewrite}` : ''].filter(Boolean);
    return `redirect ${r.code}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
  }
  return backends.length === 0 ? 'forward to nothing (503)' : `forward ${backends.map(showBackend).join(', ')}`;
}

