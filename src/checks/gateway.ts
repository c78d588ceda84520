import { HostIndex, hostCovers } from '../model/hosts';
import { matchKey } from '../model/precedence';
import { ModelProblem } from '../model/problems';
import { ListenerModel, ListenerProtocol, MatchModel, ResolvedGatewayModel, RouteModel } from '../model/types';

/** A gateway rendered here must serve something. */
export function checkSomethingExposed(model: ResolvedGatewayModel): ModelProblem[] {
  if (model.managed === false || model.listeners.length > 0) return [];
  return [
    {
      source: model.source,
      field: 'hosts',
      message: `nothing is exposed through gateway ${model.namespace}/${model.name}: add an ExposedService for it, or set the hosts it serves`,
    },
  ];
}

/** A gateway restricted to `hosts` serves TLS only for those. */
export function checkTlsHostsAllowed(model: ResolvedGatewayModel): ModelProblem[] {
  const allowed = model.hosts;
  if (allowed === undefined) return [];
  const problems: ModelProblem[] = [];
  for (const t of model.tls) {
    t.hosts.forEach((host, i) => {
      if (allowed.some((pattern) => hostCovers(pattern, host))) return;
      problems.push({
        source: t.source,
        field: `hosts[${i}]`,
        message: `host ${JSON.stringify(host)} is not among the hosts gateway ${model.namespace}/${model.name} serves (${allowed.join(', ')}); add it to the gateway's hosts`,
      });
    });
  }
  return problems;
}

/**
 * Every route host is served by a listener on the route's port (otherwise
 * Istio answers 404 `NR route_not_found`). Linear in hosts: listeners are
 * looked up through host indexes. The listeners of an imported gateway are
 * what it declares: when it declares none, nothing is checked.
 */
export function checkHostsServed(model: ResolvedGatewayModel): ModelProblem[] {
  const problems: ModelProblem[] = [];
  if (model.managed === false && model.listeners.length === 0) return problems;
  // Index listeners by port (plain HTTP) and for HTTPS, so each host is looked up in O(labels), not against every listener.
  const httpByPort = new Map<number, HostIndex<ListenerModel>>();
  const https = new HostIndex<ListenerModel>();
  const elsewhere = new HostIndex<ListenerModel>();
  for (const listener of model.listeners) {
    if (listener.protocol === ListenerProtocol.HTTPS) {
      https.add(listener.hostname, listener);
    } else if (listener.protocol === ListenerProtocol.HTTP && !listener.httpsRedirect) {
      let index = httpByPort.get(listener.port);
      if (!index) httpByPort.set(listener.port, (index = new HostIndex()));
      index.add(listener.hostname, listener);
    } else {
      elsewhere.add(listener.hostname, listener);
    }
  }
  for (const route of model.routes) {
    const http = httpByPort.get(route.port);
    route.hosts.forEach((host, i) => {
      if ((http && http.intersecting(host).length > 0) || https.intersecting(host).length > 0) return;
      const other = elsewhere.intersecting(host).map(describeListener);
      const served = http ? http.hosts().sort().join(', ') : 'no plain HTTP host';
      problems.push({
        source: route.source,
        field: `hosts[${i}]`,
        message:
          `host ${JSON.stringify(host)} is not served by gateway ${model.namespace}/${model.name} on port ${route.port} ` +
          `(it serves: ${served}${other.length > 0 ? `; for this host it only ${[...new Set(other)].join(' and ')}` : ''}), ` +
          'so every request would get a 404 (route_not_found); ' +
          "add the host to the gateway's hosts, or expose the service on a host the gateway serves",
      });
    });
  }
  return problems;
}

function describeListener(listener: ListenerModel): string {
  if (listener.httpsRedirect) return `redirects port ${listener.port} to HTTPS`;
  return `passes TLS on port ${listener.port} through to a backend`;
}

/**
 * No two rules claim the same host, port and match: one of them would
 * silently never be selected.
 */
export function checkDuplicateMatches(routes: readonly RouteModel[]): ModelProblem[] {
  const problems: ModelProblem[] = [];
  // By port and host, then by match: short keys, and each match's key built once.
  const claimed = new Map<string, Map<string, { source: string; rule: number }>>();
  for (const route of routes) {
    const byHost = route.hosts.map((host) => {
      const key = `${route.port}|${host}`;
      let claims = claimed.get(key);
      if (!claims) claimed.set(key, (claims = new Map()));
      return claims;
    });
    for (let r = 0; r < route.rules.length; r++) {
      const rule = route.rules[r];
      const matches = rule.matches.length > 0 ? rule.matches : EVERY_REQUEST;
      for (let m = 0; m < matches.length; m++) {
        const match = matches[m];
        const key = matchKey(match);
        for (let h = 0; h < route.hosts.length; h++) {
          const claims = byHost[h];
          const first = claims.get(key);
          if (!first) {
            claims.set(key, { source: route.source, rule: r });
            continue;
          }
          // The same match twice in one route is redundant but harmless: the route is still taken.
          if (first.source === route.source && first.rule === r) continue;
          const host = route.hosts[h];
          const what = `host ${JSON.stringify(host)} with match ${describeMatch(match)} on port ${route.port}`;
          problems.push({
            source: route.source,
            field: `routes[${r}].matches[${m}]`,
            message:
              first.source === route.source
                ? `${what} is already matched by routes[${first.rule}], so this route would never be selected; merge the two routes or make the matches differ`
                : `${what} is already claimed by ${first.source}; one of the two would silently never receive traffic: ` +
                  'route it from a single ExposedService, or make the matches differ',
          });
        }
      }
    }
  }
  return problems;
}

/** The matches of a rule without matches: one that takes every request. */
const EVERY_REQUEST: readonly MatchModel[] = [{}];

/** A short human-readable form of a match for messages, e.g. `PathPrefix /status, GET, header x-user=alice`. */
export function describeMatch(match: MatchModel): string {
  const parts = [match.path ? `${match.path.type} ${match.path.value}` : 'PathPrefix / (every path)'];
  if (match.method) parts.push(match.method);
  for (const h of match.headers ?? []) parts.push(`header ${h.name}${h.type === 'Exact' ? '=' : '~'}${h.value}`);
  for (const q of match.queryParams ?? []) parts.push(`query ${q.name}${q.type === 'Exact' ? '=' : '~'}${q.value}`);
  return parts.join(', ');
}
