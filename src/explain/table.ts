import { DomainIndex, HostMap, hostsMatch, subsetOf } from './hosts';
import { Converted, IrGateway, IrHttpRoute, IrMatch, IrServer, IrTlsRoute, IrVirtualService, Note, ServerHost } from './ir';
import { isHttpProtocol } from './istio-api';
import { compareByCreation, ManifestIndex, showRef } from './manifests';
import { compareStrings } from '../model/names';
import { selects } from '../model/labels';
import { CompiledMatch, describeMatch, isCatchAllMatch } from './matching';
import { TraceEntry, TraceReason } from './result';

/**
 * The routing table istiod would push to each gateway proxy, built from the
 * converted configuration of every API the way
 * pilot/pkg/networking/core/gateway.go builds it: the Gateways selecting a
 * proxy merged (`mergeGateways` in pilot/pkg/model/gateway.go), one route
 * configuration for the plain HTTP servers of a port and one per HTTPS
 * server, virtual hosts from the intersection of server hosts and
 * VirtualService hosts, routes in VirtualService order with catch-alls last.
 */

const BASIS = {
  afterCatchAll: 'istiod BuildHTTPRoutesForVirtualService: "This is a catch all path. Routes are matched in order, so we will never go beyond this match"; later routes of the VirtualService are not sent',
  mergeGateways: 'istiod mergeGateways (pilot/pkg/model/gateway.go)',
};

/** A route as Envoy holds it: one match of one VirtualService route. */
export interface TableRoute {
  readonly vs: IrVirtualService;
  readonly http: IrHttpRoute;
  /** @default - none */
  readonly match?: IrMatch;
  readonly compiled: CompiledMatch;
  readonly catchAll: boolean;
  readonly server: IrServer;
  readonly text: string;
}

export interface VirtualHost {
  readonly domain: string;
  readonly routes: TableRoute[];
  requireTls: boolean;
  readonly servers: IrServer[];
  readonly virtualServices: IrVirtualService[];
  /** Routes of this host's VirtualServices that istiod does not send, and why. */
  readonly dropped: TraceEntry[];
}

export interface RouteConfig {
  readonly name: string;
  readonly servers: IrServer[];
  readonly virtualHosts: VirtualHost[];
  readonly index: DomainIndex<VirtualHost>;
}

/** A TLS filter chain of a port, chosen by SNI. */
export interface TlsChain {
  readonly sniHosts: readonly string[];
  readonly server: IrServer;
  /** @default - none */
  readonly routeConfig?: RouteConfig;
  /** @default - none */
  readonly passthrough?: { readonly vs: IrVirtualService; readonly route: IrTlsRoute; readonly match: number };
}

export interface PortTable {
  readonly port: number;
  /** @default - none */
  plain?: RouteConfig;
  readonly plainServers: IrServer[];
  /** Plain-text servers that are not HTTP (TCP, ...), which the explainer does not follow. */
  readonly otherServers: IrServer[];
  readonly chains: TlsChain[];
  readonly tlsServers: IrServer[];
}

export interface Proxy {
  readonly key: string;
  /** How requests name it: each gateway's display name. */
  readonly names: string[];
  /** The namespace of the proxy pods, when known (istiod's `ConfigNamespace`). */
  readonly namespace: string;
  /** @default - none */
  readonly podLabels?: Readonly<Record<string, string>>;
  readonly gateways: IrGateway[];
  readonly gatewayKeys: ReadonlySet<string>;
  readonly ports: Map<number, PortTable>;
  /** Server rejections and routes that never reach this proxy, by host. */
  readonly notes: HostMap<Note>;
}

export interface TableInput {
  readonly converted: Converted;
  readonly index: ManifestIndex;
}

export function buildProxies({ converted, index }: TableInput): { proxies: Proxy[]; notes: HostMap<Note>; warnings: string[] } {
  const warnings = [...index.warnings, ...converted.warnings];
  const notes = new HostMap<Note>();
  for (const note of converted.notes) for (const host of note.hosts) notes.add(host, note);
  const groups = new Map<string, { gateways: IrGateway[]; namespace?: string; podLabels?: Readonly<Record<string, string>> }>();
  for (const gateway of converted.gateways) {
    const identity = proxyIdentity(gateway, index, warnings);
    const group = groups.get(identity.key);
    if (group) group.gateways.push(gateway);
    else groups.set(identity.key, { gateways: [gateway], namespace: identity.namespace, podLabels: identity.podLabels });
  }
  const known = new Set(converted.gateways.map((g) => g.key));
  for (const vs of converted.virtualServices) {
    const named = vs.gateways.filter((g) => g !== 'mesh');
    if (named.length === 0 || named.some((g) => known.has(g))) continue;
    const note: Note = {
      hosts: vs.hosts,
      entry: {
        object: vs.object,
        field: 'spec.gateways',
        reason: TraceReason.GATEWAY_NOT_BOUND,
        message: `bound to ${named.join(', ')}, and no such Gateway is in the input (a short name is a Gateway of the VirtualService's own namespace, ${vs.namespace})`,
        basis: 'istiod resolveGatewayName (pilot/pkg/model/config.go): "name" and "./name" are in the VirtualService\'s namespace, "ns/name" in ns',
      },
      warning: `${showRef(vs.object)} is bound to ${named.join(', ')}, which is not in the input`,
    };
    for (const host of vs.hosts) notes.add(host, note);
  }
  const merged = sortedVirtualServices(converted.virtualServices);
  const proxies = [...groups.entries()].map(([key, group]) => buildProxy(key, group, merged));
  proxies.sort((a, b) => compareStrings(a.names[0], b.names[0]));
  return { proxies, notes, warnings: unique(warnings) };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** Which pods a gateway configures: the key groups the gateways one proxy merges. */
function proxyIdentity(gateway: IrGateway, index: ManifestIndex, warnings: string[]): { key: string; namespace?: string; podLabels?: Readonly<Record<string, string>> } {
  const { binding } = gateway;
  if (binding.kind === 'selector') {
    const pods = index.workloads.filter((w) => selects(binding.selector, w.podLabels));
    if (pods.length > 0) return { key: `pods:${pods.map((p) => `${p.namespace}/${p.name}`).join(',')}`, namespace: pods[0].namespace, podLabels: pods[0].podLabels };
    return { key: `selector:${Object.entries(binding.selector).sort(([a], [b]) => compareStrings(a, b)).map(([k, v]) => `${k}=${v}`).join(',')}` };
  }
  for (const name of binding.serviceNames) {
    const service = index.services.get(`${binding.namespace}/${name}`);
    if (service && Object.keys(service.selector).length > 0) {
      const pods = index.workloads.filter((w) => w.namespace === binding.namespace && selects(service.selector, w.podLabels));
      if (pods.length > 0) return { key: `pods:${pods.map((p) => `${p.namespace}/${p.name}`).join(',')}`, namespace: binding.namespace, podLabels: pods[0].podLabels };
    }
  }
  if (binding.automated) return { key: `deployment:${binding.namespace}/${binding.automated}`, namespace: binding.namespace };
  if (binding.serviceNames.length > 0 && !index.services.has(`${binding.namespace}/${binding.serviceNames[0]}`)) {
    warnings.push(`${showRef(gateway.object)} is served by Service ${binding.namespace}/${binding.serviceNames[0]}, which is not in the input; its proxy is taken to serve this Gateway alone`);
  }
  return { key: `services:${binding.namespace}/${binding.serviceNames.join(',')}`, namespace: binding.namespace };
}

/** `MergedVirtualServices`: every VirtualService, oldest first, then by name and namespace. */
function sortedVirtualServices(virtualServices: readonly IrVirtualService[]): IrVirtualService[] {
  return [...virtualServices].sort(compareByCreation);
}

/**
 * `VirtualServicesForGateway`: the VirtualServices bound to a gateway that
 * the proxy's namespace can see, private ones first, then those exported to
 * it, then public ones (Gateway API routes of the proxy's namespace before
 * the rest).
 */
function virtualServicesFor(gatewayKey: string, proxyNamespace: string, all: readonly IrVirtualService[]): IrVirtualService[] {
  const bound = all.filter((vs) => vs.gateways.includes(gatewayKey));
  const isPublic = (vs: IrVirtualService) => vs.exportTo.includes('*');
  const isPrivate = (vs: IrVirtualService) => !isPublic(vs) && !vs.exportTo.includes('~') && vs.exportTo.includes(vs.namespace) && vs.namespace === proxyNamespace;
  const exported = (vs: IrVirtualService) => !isPublic(vs) && !vs.exportTo.includes('~') && vs.exportTo.includes(proxyNamespace) && vs.namespace !== proxyNamespace;
  return [
    ...bound.filter(isPrivate),
    ...bound.filter(exported),
    ...bound.filter((vs) => isPublic(vs) && vs.semantics === 'gateway' && vs.namespace === proxyNamespace),
    ...bound.filter((vs) => isPublic(vs) && !(vs.semantics === 'gateway' && vs.namespace === proxyNamespace)),
  ];
}

function buildProxy(key: string, group: { gateways: IrGateway[]; namespace?: string; podLabels?: Readonly<Record<string, string>> }, all: readonly IrVirtualService[]): Proxy {
  const gateways = [...group.gateways].sort(compareByCreation);
  const namespace = group.namespace ?? gateways[0].namespace;
  const proxy: Proxy = {
    key,
    names: unique(gateways.map((g) => g.display)).sort(compareStrings),
    namespace,
    podLabels: group.podLabels,
    gateways,
    gatewayKeys: new Set(gateways.map((g) => g.key)),
    ports: new Map(),
    notes: new HostMap<Note>(),
  };
  mergeServers(proxy);
  const visible = new Map<string, IrVirtualService[]>();
  const forGateway = (gatewayKey: string) => {
    let list = visible.get(gatewayKey);
    if (!list) visible.set(gatewayKey, (list = virtualServicesFor(gatewayKey, namespace, all)));
    return list;
  };
  for (const vs of all) {
    const hidden = vs.gateways.filter((g) => gateways.some((gw) => gw.key === g) && !forGateway(g).includes(vs));
    if (hidden.length > 0) {
      for (const host of vs.hosts) {
        proxy.notes.add(host, {
          hosts: vs.hosts,
          entry: {
            object: vs.object,
            field: 'spec.exportTo',
            reason: TraceReason.NOT_EXPORTED,
            message: `${showRef(vs.object)} is exported to ${vs.exportTo.join(', ')}, not to the proxy's namespace ${namespace}`,
            basis: 'istiod VirtualServicesForGateway (pilot/pkg/model/push_context.go): a gateway sees the VirtualServices exported to its namespace',
          },
        });
      }
    }
  }
  const routeCache = new Map<string, { routes: TableRoute[]; dropped: TraceEntry[] }>();
  for (const table of proxy.ports.values()) {
    if (table.plainServers.length > 0) table.plain = buildRouteConfig(`http.${table.port}`, table.plainServers, forGateway, routeCache, proxy);
    for (const server of table.tlsServers) {
      const sniHosts = server.hosts.map((h) => h.host);
      if (server.tls && (server.tls.mode === 'PASSTHROUGH' || server.tls.mode === 'AUTO_PASSTHROUGH')) {
        addPassthroughChains(table, server, forGateway(server.gatewayKey), proxy);
      } else if (server.protocol === 'HTTPS') {
        const name = `https.${server.port}.${server.name}.${server.gatewayKey.replace('/', '.')}`;
        table.chains.push({ sniHosts, server, routeConfig: buildRouteConfig(name, [server], forGateway, routeCache, proxy) });
      } else {
        for (const host of sniHosts) {
          proxy.notes.add(host, {
            hosts: sniHosts,
            gatewayKeys: [server.gatewayKey],
            entry: { object: server.object, field: server.field, reason: TraceReason.SERVER_REJECTED, message: `${server.protocol} server with TLS termination carries TCP routes, which the explainer does not follow`, basis: 'explainer scope' },
          });
        }
      }
    }
  }
  return proxy;
}

/**
 * `mergeGateways`: servers on one port merge when all are plain HTTP (one
 * route configuration) or all TLS (told apart by SNI); a server whose TLS
 * host is already taken on the port, or whose protocol cannot share the
 * port, is skipped.
 */
function mergeServers(proxy: Proxy): void {
  const tlsHosts = new Map<number, Set<string>>();
  const reject = (server: IrServer, message: string) => {
    for (const host of server.hosts) {
      // A rejected server concerns every request for its hosts on this proxy, whichever server takes them instead.
      proxy.notes.add(host.host, {
        hosts: server.hosts.map((h) => h.host),
        entry: { object: server.object, field: server.field, reason: TraceReason.SERVER_REJECTED, message, basis: BASIS.mergeGateways },
      });
    }
  };
  const routeNames = new Set<string>();
  for (const gateway of proxy.gateways) {
    for (const server of gateway.servers) {
      const isTls = server.tls !== undefined && !isHttpProtocol(server.protocol);
      if (server.tls) {
        let known = tlsHosts.get(server.port);
        if (!known) tlsHosts.set(server.port, (known = new Set()));
        const keys = server.hosts.map(hostKey);
        const duplicates = keys.filter((k) => known!.has(k));
        if (duplicates.length > 0) {
          reject(server, `skipped: host ${duplicates.join(', ')} already has a TLS server on port ${server.port} (an earlier Gateway's)`);
          continue;
        }
        keys.forEach((k) => known!.add(k));
      }
      let table = proxy.ports.get(server.port);
      if (!table) {
        proxy.ports.set(server.port, (table = { port: server.port, plainServers: [], otherServers: [], chains: [], tlsServers: [] }));
        addServer(table, server, isTls);
        if (server.protocol === 'HTTPS' && !isPassthrough(server)) routeNames.add(routeName(server));
        continue;
      }
      const firstPlain = table.plainServers[0] ?? table.otherServers[0];
      if (firstPlain) {
        // canMergeProtocols: only HTTP joins an HTTP port.
        if (!(isHttpProtocol(firstPlain.protocol) || firstPlain.protocol === server.protocol) || !isHttpProtocol(server.protocol)) {
          reject(server, `skipped: port ${server.port} already serves ${firstPlain.protocol} (${showRef(firstPlain.object)} ${firstPlain.field}), which ${server.protocol} cannot share`);
          continue;
        }
        table.plainServers.push(server);
        continue;
      }
      if (!isTls) {
        addServer(table, server, false);
        continue;
      }
      if (server.protocol === 'HTTPS' && !isPassthrough(server)) {
        const name = routeName(server);
        if (routeNames.has(name)) {
          reject(server, `skipped: another HTTPS server on port ${server.port} has the port name ${server.name} in this Gateway`);
          continue;
        }
        routeNames.add(name);
      }
      table.tlsServers.push(server);
    }
  }
}

function hostKey(host: ServerHost): string {
  return host.namespace === '*' ? host.host : `${host.namespace}/${host.host}`;
}

function isPassthrough(server: IrServer): boolean {
  return server.tls?.mode === 'PASSTHROUGH' || server.tls?.mode === 'AUTO_PASSTHROUGH';
}

function routeName(server: IrServer): string {
  return `https.${server.port}.${server.name}.${server.gatewayKey}`;
}

function addServer(table: PortTable, server: IrServer, isTls: boolean): void {
  if (isTls) table.tlsServers.push(server);
  else if (isHttpProtocol(server.protocol)) table.plainServers.push(server);
  else table.otherServers.push(server);
}

/** `NamesForNamespace`, then `Intersection`: the virtual host domains a VirtualService gets on a server. */
function intersection(serverHosts: HostMap<ServerHost>, vs: IrVirtualService): string[] {
  const result: string[] = [];
  for (const vsHost of vs.hosts) {
    for (const host of serverHosts.matching(vsHost)) {
      if (host.namespace !== '*' && host.namespace !== vs.namespace) continue;
      const common = subsetOf(host.host, vsHost) ? host.host : subsetOf(vsHost, host.host) ? vsHost : undefined;
      if (common !== undefined && !result.includes(common)) result.push(common);
    }
  }
  return result;
}

/** The hosts of a server, indexed (built once per server, kept on it). */
export function hostMapOf(server: IrServer): HostMap<ServerHost> {
  if (!server.hostIndex) {
    const map = new HostMap<ServerHost>();
    for (const host of server.hosts) map.add(host.host, host);
    server.hostIndex = map;
  }
  return server.hostIndex;
}

/** `buildGatewayHTTPRouteConfig` for one route configuration. */
function buildRouteConfig(
  name: string,
  servers: IrServer[],
  forGateway: (key: string) => IrVirtualService[],
  cache: Map<string, { routes: TableRoute[]; dropped: TraceEntry[] }>,
  proxy: Proxy,
): RouteConfig {
  const vhosts = new Map<string, VirtualHost>();
  const vhostOf = (domain: string) => {
    let vhost = vhosts.get(domain);
    if (!vhost) vhosts.set(domain, (vhost = { domain, routes: [], requireTls: false, servers: [], virtualServices: [], dropped: [] }));
    return vhost;
  };
  for (const server of servers) {
    const serverHosts = hostMapOf(server);
    for (const vs of forGateway(server.gatewayKey)) {
      const domains = intersection(serverHosts, vs);
      if (domains.length === 0) {
        noteRefusedNamespace(server, vs, proxy);
        continue;
      }
      const cacheKey = `${server.gatewayKey}|${server.port}|${vs.namespace}/${vs.name}`;
      let built = cache.get(cacheKey);
      if (!built) cache.set(cacheKey, (built = buildRoutes(vs, server, proxy)));
      for (const domain of domains) {
        const vhost = vhostOf(domain.toLowerCase());
        vhost.routes.push(...built.routes);
        if (!vhost.servers.includes(server)) vhost.servers.push(server);
        if (!vhost.virtualServices.includes(vs)) {
          vhost.virtualServices.push(vs);
          vhost.dropped.push(...built.dropped);
        }
        if (server.tls?.httpsRedirect) vhost.requireTls = true;
      }
    }
    if (server.tls?.httpsRedirect) {
      for (const host of server.hosts) {
        const vhost = vhostOf(host.host);
        vhost.requireTls = true;
        if (!vhost.servers.includes(server)) vhost.servers.push(server);
      }
    }
  }
  const index2 = new DomainIndex<VirtualHost>();
  const list = [...vhosts.values()];
  for (const vhost of list) {
    // SortVHostRoutes: catch-alls last, the rest in order.
    const rest = vhost.routes.filter((r) => !r.catchAll);
    const catchAll = vhost.routes.filter((r) => r.catchAll);
    vhost.routes.splice(0, vhost.routes.length, ...rest, ...catchAll);
    index2.add(vhost.domain, vhost);
  }
  list.sort((a, b) => compareStrings(a.domain, b.domain));
  return { name, servers, virtualHosts: list, index: index2 };
}

/** A VirtualService whose host a server serves, but only for other namespaces (`ns/host`, or a listener's allowedRoutes). */
function noteRefusedNamespace(server: IrServer, vs: IrVirtualService, proxy: Proxy): void {
  if (vs.semantics !== 'istio') return;
  const byHost = server.hosts.filter((h) => vs.hosts.some((v) => hostsMatch(v, h.host)));
  if (byHost.length === 0) return;
  for (const host of vs.hosts) {
    proxy.notes.add(host, {
      hosts: vs.hosts,
      gatewayKeys: [server.gatewayKey],
      entry: {
        object: vs.object,
        field: 'spec.hosts',
        reason: TraceReason.NAMESPACE_NOT_ALLOWED,
        message: `${showRef(server.object)} ${server.field} serves ${byHost.map(hostKey).join(', ')}, which does not admit VirtualServices of namespace ${vs.namespace}`,
        basis: 'Istio Gateway Server.hosts: "ns/host" admits VirtualServices of namespace ns only (NamesForNamespace in pkg/config/host/names.go)',
      },
    });
  }
}

/** `BuildHTTPRoutesForVirtualService` for one gateway and port: the routes sent, and why the others are not. */
function buildRoutes(vs: IrVirtualService, server: IrServer, proxy: Proxy): { routes: TableRoute[]; dropped: TraceEntry[] } {
  const routes: TableRoute[] = [];
  const dropped: TraceEntry[] = [];
  let catchAllAt: TableRoute | undefined;
  for (const http of vs.http) {
    if (catchAllAt) {
      dropped.push({
        object: http.object,
        field: http.field,
        reason: TraceReason.DROPPED,
        message: `never reached: ${catchAllAt.http.field} of ${showRef(catchAllAt.http.object)} before it matches every request (${catchAllAt.text})`,
        basis: BASIS.afterCatchAll,
      });
      continue;
    }
    if (http.matches.length === 0) {
      const compiled: CompiledMatch = { path: { kind: 'prefix', value: '/' }, caseSensitive: true, headers: [], query: [] };
      catchAllAt = { vs, http, compiled, catchAll: true, server, text: 'any request' };
      routes.push(catchAllAt);
      continue;
    }
    for (const match of http.matches) {
      if (match.port !== undefined && match.port !== server.port) {
        dropped.push({ object: http.object, field: match.field, reason: TraceReason.PORT_MISMATCH, message: `the match is for port ${match.port}, not ${server.port}`, basis: 'istiod TranslateRoute: "Match by the destination port specified in the match condition"' });
        continue;
      }
      const refusal = sourceRefusal(match, server, proxy);
      if (refusal) {
        dropped.push({ object: http.object, field: match.field, reason: refusal.reason, message: refusal.message, basis: 'istiod sourceMatchHTTP (pilot/pkg/networking/core/route/route.go)' });
        continue;
      }
      const route: TableRoute = { vs, http, match, compiled: match.compiled, catchAll: isCatchAllMatch(match.compiled), server, text: describeMatch(match.compiled) };
      routes.push(route);
      if (route.catchAll) {
        catchAllAt = route;
        break;
      }
    }
  }
  return { routes, dropped };
}

/**
 * `sourceMatchHTTP`: a match naming gateways applies to those only;
 * otherwise its sourceLabels must be labels of the gateway proxy itself, and
 * its sourceNamespace the proxy's namespace.
 */
function sourceRefusal(match: IrMatch, server: IrServer, proxy: Proxy): { reason: TraceReason; message: string } | undefined {
  if (match.gateways) {
    return match.gateways.includes(server.gatewayKey) ? undefined : { reason: TraceReason.GATEWAY_NOT_BOUND, message: `the match is for gateways ${match.gateways.join(', ')}, not ${server.gatewayKey}` };
  }
  if (match.sourceLabels) {
    if (!proxy.podLabels) return { reason: TraceReason.NO_MATCH, message: `the match has sourceLabels ${JSON.stringify(match.sourceLabels)}, which istiod compares with the labels of the gateway proxy, and no proxy pods are in the input: taken not to match` };
    if (!selects(match.sourceLabels, proxy.podLabels)) return { reason: TraceReason.NO_MATCH, message: `the match has sourceLabels ${JSON.stringify(match.sourceLabels)}, which are not labels of the gateway proxy (${JSON.stringify(proxy.podLabels)})` };
  }
  if (match.sourceNamespace && match.sourceNamespace !== proxy.namespace) {
    return { reason: TraceReason.NO_MATCH, message: `the match has sourceNamespace ${match.sourceNamespace}, not the gateway proxy's namespace ${proxy.namespace}` };
  }
  return undefined;
}

/** `buildGatewayNetworkFiltersFromTLSRoutes`: one filter chain per TLS route match, by SNI; a repeated SNI host on the port is skipped. */
function addPassthroughChains(table: PortTable, server: IrServer, virtualServices: readonly IrVirtualService[], proxy: Proxy): void {
  const taken = new Set(table.chains.filter((c) => c.passthrough).flatMap((c) => c.sniHosts));
  for (const vs of virtualServices) {
    const matching = vs.hosts.some((v) => server.hosts.some((h) => (h.namespace === '*' || h.namespace === vs.namespace) && hostsMatch(h.host, v)));
    if (!matching) continue;
    for (const route of vs.tls) {
      route.matches.forEach((match, i) => {
        if ((match.port !== undefined && match.port !== server.port) || (match.gateways && !match.gateways.includes(server.gatewayKey))) return;
        const duplicate = match.sniHosts.filter((h) => taken.has(h));
        if (duplicate.length > 0) {
          for (const host of match.sniHosts) {
            proxy.notes.add(host, {
              hosts: match.sniHosts,
              gatewayKeys: [server.gatewayKey],
              entry: {
                object: route.object,
                field: `${route.field}.match[${i}]`,
                reason: TraceReason.DROPPED,
                message: `skipped: SNI host ${duplicate.join(', ')} already has a passthrough route on port ${server.port}`,
                basis: 'istiod buildGatewayNetworkFiltersFromTLSRoutes: "duplicate SNI host names"',
              },
            });
          }
          return;
        }
        match.sniHosts.forEach((h) => taken.add(h));
        table.chains.push({ sniHosts: match.sniHosts, server, passthrough: { vs, route, match: i } });
      });
    }
  }
}

/** Envoy's filter chain choice by SNI: an exact server name, then the longest wildcard, then a chain without names. */
export function chainFor(chains: readonly TlsChain[], sni: string | undefined): TlsChain | undefined {
  let best: { chain: TlsChain; score: number } | undefined;
  for (const chain of chains) {
    for (const host of chain.sniHosts) {
      let score = -1;
      if (host === '*') score = 0;
      else if (sni !== undefined && host === sni) score = 1e6;
      else if (sni !== undefined && host.startsWith('*.') && sni.endsWith(host.slice(1)) && sni.length > host.length - 1) score = host.length;
      if (score >= 0 && (!best || score > best.score)) best = { chain, score };
    }
  }
  return best?.chain;
}

