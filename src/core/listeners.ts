import { ListenerModel, ListenerProtocol } from './model';
import { hostnameSlug } from './names';

/** Something that needs the gateway to listen for a host on a port. */
export interface ListenerRequest {
  readonly port: number;
  readonly protocol: ListenerProtocol;
  readonly hostname: string;
  /** Construct path of the requester, for messages. */
  readonly source: string;
}

export interface DerivedListeners {
  readonly listeners: ListenerModel[];
  readonly problems: string[];
}

const DEFAULT_PORTS: Record<ListenerProtocol, number> = {
  [ListenerProtocol.HTTP]: 80,
  [ListenerProtocol.HTTPS]: 443,
  [ListenerProtocol.TLS]: 443,
};

/** Gateway API section names are DNS subdomains of at most 253 characters. */
const MAX_NAME = 253;

/**
 * One listener per distinct (port, hostname), named so that a port with a
 * single listener gets the short name users expect (`http`, `https`,
 * `http-8080`) and a port with several gets one name per host
 * (`https-bookinfo.example.com`). Names are derived from the sorted set, so the
 * same program always yields the same names.
 */
export function deriveListeners(requests: readonly ListenerRequest[]): DerivedListeners {
  const problems: string[] = [];
  const byKey = new Map<string, ListenerRequest>();
  const protocolByPort = new Map<number, ListenerRequest>();
  for (const request of requests) {
    const first = protocolByPort.get(request.port);
    if (first && first.protocol !== request.protocol) {
      problems.push(
        `port ${request.port} is requested as ${first.protocol} by ${first.source} and as ${request.protocol} by ${request.source}; ` +
          'one port carries one protocol: use a different port for one of them',
      );
      continue;
    }
    if (!first) protocolByPort.set(request.port, request);
    const key = `${request.port}|${request.hostname}`;
    if (!byKey.has(key)) byKey.set(key, request);
  }

  const sorted = [...byKey.values()].sort((a, b) => a.port - b.port || compareStrings(a.hostname, b.hostname));
  const perPort = new Map<number, number>();
  for (const request of sorted) perPort.set(request.port, (perPort.get(request.port) ?? 0) + 1);

  const listeners = sorted.map((request): ListenerModel => {
    const base = request.protocol.toLowerCase() + (request.port === DEFAULT_PORTS[request.protocol] ? '' : `-${request.port}`);
    const single = perPort.get(request.port) === 1 || request.hostname === '*';
    return {
      name: single ? base : fitName(`${base}-${hostnameSlug(request.hostname)}`),
      port: request.port,
      protocol: request.protocol,
      hostname: request.hostname,
    };
  });
  return { listeners, problems };
}

function fitName(name: string): string {
  if (name.length <= MAX_NAME) return name;
  let hash = 0;
  for (const char of name) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return `${name.slice(0, MAX_NAME - 9).replace(/[-.]+$/, '')}-${hash.toString(16).padStart(8, '0')}`;
}

/** Code-point order, independent of the locale, so output is identical on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
