import { HostIndex, hostsIntersect } from './hosts';
import { GatewayModel, ListenerModel, ListenerProtocol, RouteModel } from './types';

/**
 * Whether an HTTP route is served by a listener: plain HTTP listeners on the
 * route's port (unless they only redirect to HTTPS), and HTTPS listeners,
 * whose hostname intersects one of the route's hosts. This is Istio's rule
 * for VirtualServices bound to a gateway (every server of a matching host),
 * and the rule the Gateway API renderer encodes with `sectionName`.
 */
export function serves(listener: ListenerModel, route: Pick<RouteModel, 'hosts' | 'port'>): boolean {
  const kind =
    listener.protocol === ListenerProtocol.HTTPS || (listener.protocol === ListenerProtocol.HTTP && listener.port === route.port && !listener.httpsRedirect);
  return kind && route.hosts.some((host) => hostsIntersect(host, listener.hostname));
}

/**
 * A gateway's listeners indexed by hostname, built once per rendering and
 * shared by every route: a gateway may have a listener per host, so scanning
 * every listener for every route would be quadratic in the number of hosts.
 */
export class ListenerIndex {
  private readonly positions = new HostIndex<number>();
  /**
   * Answers by hosts list: the checks and the renderer ask for the same
   * route's hosts several times in one rendering (the index lives as long
   * as that rendering).
   */
  private readonly answers = new Map<readonly string[], readonly ListenerModel[]>();

  /** Whether plain HTTP (not redirecting) is served on more than one port: only then may a route need pinning to its port. */
  public readonly plainHttpOnSeveralPorts: boolean;

  constructor(public readonly listeners: readonly ListenerModel[]) {
    listeners.forEach((listener, i) => this.positions.add(listener.hostname, i));
    this.plainHttpOnSeveralPorts = new Set(listeners.filter((l) => l.protocol === ListenerProtocol.HTTP && !l.httpsRedirect).map((l) => l.port)).size > 1;
  }

  /** The listeners whose hostname intersects one of `hosts`, in listener order (read-only: the answer is shared). */
  public intersecting(hosts: readonly string[]): readonly ListenerModel[] {
    let answer = this.answers.get(hosts);
    if (answer === undefined) {
      answer = this.lookUp(hosts);
      this.answers.set(hosts, answer);
    }
    return answer;
  }

  private lookUp(hosts: readonly string[]): ListenerModel[] {
    if (hosts.length === 1) {
      const positions = this.positions.intersecting(hosts[0]);
      if (positions.length <= 1) return positions.map((i) => this.listeners[i]);
    }
    const found = new Set<number>();
    for (const host of hosts) for (const i of this.positions.intersecting(host)) found.add(i);
    return [...found].sort((a, b) => a - b).map((i) => this.listeners[i]);
  }

  /** The listeners an HTTP route is served by, in listener order. */
  public serving(route: Pick<RouteModel, 'hosts' | 'port'>): ListenerModel[] {
    return this.intersecting(route.hosts).filter((listener) => serves(listener, route));
  }
}

/** The protocols an HTTP route can be served over. */
export const HTTP_FAMILY: readonly ListenerProtocol[] = [ListenerProtocol.HTTP, ListenerProtocol.HTTPS];

/**
 * The Gateway API listeners a route names in its parent reference
 * (`sectionName`), or undefined for the whole Gateway: the whole Gateway when
 * the `serving` listeners are every listener of the route's protocol family
 * its hosts reach, else each serving listener, so the route stays off
 * listeners that redirect, or that belong to another port. A route of an
 * imported Gateway attaches to the listener it names, when it names one.
 */
export function attachedSections(
  model: Pick<GatewayModel, 'gatewayApi'>,
  index: ListenerIndex,
  hosts: readonly string[],
  family: readonly ListenerProtocol[],
  serving: readonly ListenerModel[],
): string[] | undefined {
  const section = model.gatewayApi?.sectionName;
  if (section !== undefined) return [section];
  if (serving.length === 0) return undefined;
  const reachable = index.intersecting(hosts).filter((l) => family.includes(l.protocol));
  return serving.length === reachable.length ? undefined : serving.map((l) => l.name);
}
