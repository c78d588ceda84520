import { hostsIntersect } from './hosts';
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

/** The listeners an HTTP route is served by. */
export function servingListeners(listeners: readonly ListenerModel[], route: Pick<RouteModel, 'hosts' | 'port'>): ListenerModel[] {
  return listeners.filter((listener) => serves(listener, route));
}
