import { HostIndex, hostsIntersect } from './hosts';
import { ListenerModel, ListenerProtocol, RouteModel } from './model';

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

/** Positions of a gateway's listeners by hostname; built once per listener list, which a memoised gateway model shares with every route. */
const indexes = new WeakMap<readonly ListenerModel[], HostIndex<number>>();

/**
 * The listeners an HTTP route is served by, in listener order. Every route of
 * a gateway asks this, and a gateway has a listener per host, so the
 * candidates come from a host index (O(hosts x labels) per route) rather than
 * a scan of every listener, which made rendering quadratic in the number of
 * hosts.
 */
export function servingListeners(listeners: readonly ListenerModel[], route: Pick<RouteModel, 'hosts' | 'port'>): ListenerModel[] {
  let index = indexes.get(listeners);
  if (!index) {
    const built = new HostIndex<number>();
    listeners.forEach((listener, i) => built.add(listener.hostname, i));
    indexes.set(listeners, (index = built));
  }
  const positions = new Set<number>();
  for (const host of route.hosts) for (const i of index.intersecting(host)) positions.add(i);
  return [...positions]
    .sort((a, b) => a - b)
    .map((i) => listeners[i])
    .filter((listener) => serves(listener, route));
}
