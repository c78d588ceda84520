import { compareStrings, hostnameSlug } from './names';
import { ModelProblem } from './problems';
import { GatewayModel, ListenerModel, ListenerProtocol, ListenerTlsModel, ResolvedGatewayModel, TlsMode } from './types';
import { extended } from './objects';

/** Something that needs the gateway to listen for a host on a port. */
export interface ListenerRequest {
  readonly port: number;
  readonly protocol: ListenerProtocol;
  readonly hostname: string;
  /** Construct path of the requester, for messages. */
  readonly source: string;
  /** @default - none */
  readonly tls?: ListenerTlsModel;
  /**
   * An HTTP listener that must redirect to HTTPS.
   * @default false
   */
  readonly httpsRedirect?: boolean;
}

export interface DerivedListeners {
  readonly listeners: ListenerModel[];
  readonly problems: ModelProblem[];
}

const DEFAULT_PORTS: Record<ListenerProtocol, number> = {
  [ListenerProtocol.HTTP]: 80,
  [ListenerProtocol.HTTPS]: 443,
  [ListenerProtocol.TLS]: 443,
};

/** Gateway API section names are DNS subdomains of at most 253 characters. */
const MAX_NAME = 253;

/**
 * Plain HTTP cannot share a port with TLS; HTTPS and TLS passthrough can,
 * told apart by SNI.
 */
function family(protocol: ListenerProtocol): string {
  return protocol === ListenerProtocol.HTTP ? 'plain HTTP' : 'TLS (HTTPS or passthrough)';
}

/**
 * One listener per distinct (port, hostname), named so that a port with a
 * single listener gets the short name users expect (`http`, `https`,
 * `http-8080`) and a port with several gets one name per host
 * (`https-bookinfo.example.com`). Names are derived from the sorted set, so the
 * same program always yields the same names.
 *
 * Requests for the same host and port merge: a redirect request turns a plain
 * HTTP listener into a redirecting one. Two different TLS settings (two
 * certificates, or passthrough and termination) for one host and port cannot
 * both be served and are reported.
 */
export function deriveListeners(requests: readonly ListenerRequest[]): DerivedListeners {
  const problems: ModelProblem[] = [];
  const byKey = new Map<string, ListenerRequest>();
  const firstOnPort = new Map<number, ListenerRequest>();
  for (const request of requests) {
    const first = firstOnPort.get(request.port);
    if (first && family(first.protocol) !== family(request.protocol)) {
      // The plain-HTTP side is the one to change: a route on a TLS port (say `port: 443` to get
      // HTTPS) is served over HTTPS by the TlsIngress of its hosts without any port of its own.
      const [plain, tls] = first.protocol === ListenerProtocol.HTTP ? [first, request] : [request, first];
      problems.push({
        source: plain.source,
        field: 'port',
        message:
          `port ${request.port} carries ${family(tls.protocol)} for ${tls.source}, so ${plain.source} cannot serve plain HTTP on it (a port carries either plain HTTP or TLS); ` +
          `the routes of a host with TLS are served over HTTPS without a port of their own: leave this port at its default (${DEFAULT_PORTS[ListenerProtocol.HTTP]}), or serve plain HTTP on another port`,
      });
      continue;
    }
    if (!first) firstOnPort.set(request.port, request);
    const key = `${request.port}|${request.hostname}`;
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, request);
      continue;
    }
    const conflict = tlsConflict(existing, request);
    if (conflict) {
      problems.push({ source: request.source, field: 'hosts', message: conflict });
    } else if (request.httpsRedirect && !existing.httpsRedirect) {
      byKey.set(key, extended(existing, { httpsRedirect: true, source: request.source }));
    } else if (request.tls && !existing.tls) {
      byKey.set(key, request);
    }
  }

  const sorted = [...byKey.values()].sort((a, b) => a.port - b.port || compareStrings(a.hostname, b.hostname));
  const perPort = new Map<number, number>();
  for (const request of sorted) perPort.set(request.port, (perPort.get(request.port) ?? 0) + 1);

  // A wildcard's slug can equal a literal host (`*.a.com` and `wildcard.a.com`): a numeric suffix keeps names unique.
  const used = new Set<string>();
  const listeners = sorted.map((request): ListenerModel => {
    const base = request.protocol.toLowerCase() + (request.port === DEFAULT_PORTS[request.protocol] ? '' : `-${request.port}`);
    const single = perPort.get(request.port) === 1 || request.hostname === '*';
    const wanted = single ? base : fitName(`${base}-${hostnameSlug(request.hostname)}`);
    let name = wanted;
    for (let i = 2; used.has(name); i++) name = fitName(`${wanted}-${i}`);
    used.add(name);
    return {
      name,
      port: request.port,
      protocol: request.protocol,
      hostname: request.hostname,
      ...(request.tls ? { tls: request.tls, configuredBy: request.source } : {}),
      ...(request.httpsRedirect ? { httpsRedirect: true, configuredBy: request.source } : {}),
    };
  });
  return { listeners, problems };
}

function tlsConflict(existing: ListenerRequest, request: ListenerRequest): string | undefined {
  if (!existing.tls || !request.tls) return undefined;
  if (JSON.stringify(existing.tls) === JSON.stringify(request.tls) && existing.protocol === request.protocol) return undefined;
  const what = (r: ListenerRequest) =>
    r.tls!.certificate ? `${r.tls!.mode} with certificate ${r.tls!.certificate.namespace}/${r.tls!.certificate.name}` : r.tls!.mode;
  return (
    `host ${JSON.stringify(request.hostname)} on port ${request.port} already has TLS settings from ${existing.source} (${what(existing)}), ` +
    `and ${request.source} asks for ${what(request)}; one host and port can only be served one way: ` +
    'use a single TlsIngress for the host, or a different port'
  );
}

function fitName(name: string): string {
  if (name.length <= MAX_NAME) return name;
  let hash = 0;
  for (const char of name) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return `${name.slice(0, MAX_NAME - 9).replace(/[-.]+$/, '')}-${hash.toString(16).padStart(8, '0')}`;
}

/**
 * The gateway with its listeners: those it declares (an imported gateway, or
 * a model given with listeners), else derived from what it serves. A managed
 * gateway listens for its explicit `hosts` on every route port (80 without
 * routes), else for each route's hosts on the route's port; every TLS source
 * adds an HTTPS (or passthrough) listener per host, and a redirecting HTTP
 * listener when it redirects.
 */
export function resolveListeners(model: GatewayModel): { readonly model: ResolvedGatewayModel; readonly problems: readonly ModelProblem[] } {
  if (model.listeners !== undefined) return { model: model as ResolvedGatewayModel, problems: [] };
  if (model.managed === false) return { model: extended(model, { listeners: [] }), problems: [] };
  const { listeners, problems } = deriveListeners(listenerRequests(model));
  return { model: extended(model, { listeners }), problems };
}

function listenerRequests(model: GatewayModel): ListenerRequest[] {
  const { routes, tls, hosts } = model;
  const requests: ListenerRequest[] = [];
  if (hosts === undefined) {
    for (const route of routes) {
      for (const hostname of route.hosts) requests.push({ port: route.port, protocol: ListenerProtocol.HTTP, hostname, source: route.source });
    }
  } else {
    const ports = routes.length > 0 ? [...new Set(routes.map((route) => route.port))] : [80];
    for (const port of ports) for (const hostname of hosts) requests.push({ port, protocol: ListenerProtocol.HTTP, hostname, source: model.source });
  }
  for (const t of tls) {
    const protocol = t.tls.mode === TlsMode.PASSTHROUGH ? ListenerProtocol.TLS : ListenerProtocol.HTTPS;
    for (const hostname of t.hosts) {
      requests.push({ port: t.port, protocol, hostname, source: t.source, tls: t.tls });
      if (t.redirectFromPort !== undefined) requests.push({ port: t.redirectFromPort, protocol: ListenerProtocol.HTTP, hostname, source: t.source, httpsRedirect: true });
    }
  }
  return requests;
}
