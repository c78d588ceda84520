import type { ExplainResult, ObjectRef, RoutingTable, TraceEntry } from '../explain/result';

function ref(object: ObjectRef): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
}

function where(entry: { object: ObjectRef; field?: string }): string {
  return `${ref(entry.object)}${entry.field ? ` ${entry.field}` : ''}${entry.object.source ? ` (${entry.object.source})` : ''}`;
}

/** An explanation for a terminal: the answer first, then why. */
export function formatResult(result: ExplainResult): string {
  const { request } = result;
  const lines: string[] = [];
  const defaultPort = request.scheme === 'https' ? 443 : 80;
  lines.push(`${request.method} ${request.scheme}://${request.host}${request.port === defaultPort ? '' : `:${request.port}`}${request.path}${request.query ? `?${request.query}` : ''}`);
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(9)} ${value}`);
  row('outcome', `${result.outcome}${result.statusCode !== undefined ? ` (${result.statusCode})` : ''}`);
  if (result.gateway) row('gateway', result.gateway);
  if (result.listener) {
    const l = result.listener;
    row('listener', `${l.name ? `${l.name} ` : ''}port ${l.port} ${l.protocol}${l.tlsMode ? ` ${l.tlsMode}` : ''}, hosts ${l.hosts.join(', ')} (${ref(l.gateway)})`);
  }
  if (result.route) row('route', `${where(result.route)}${result.route.ruleName ? ` "${result.route.ruleName}"` : ''}: ${result.route.match} (host ${result.route.virtualHost})`);
  for (const b of result.backends) {
    row('backend', `${b.name}${b.namespace ? `.${b.namespace}` : ''}${b.port !== undefined ? `:${b.port}` : ''}${b.weight !== 100 ? ` ${b.weight}%` : ''}${b.problem ? ` (unusable: ${b.problem})` : ''}`);
  }
  if (result.redirect) row('redirect', `${result.redirect.statusCode} ${result.redirect.location}`);
  if (result.directResponse) row('response', `${result.directResponse.status}${result.directResponse.body !== undefined ? ` ${JSON.stringify(result.directResponse.body)}` : ''}`);
  for (const p of result.policies) row(p.kind, p.description);
  if (result.trace.length > 0) {
    lines.push('', 'why:');
    result.trace.forEach((entry: TraceEntry, i: number) => {
      lines.push(`  ${String(i + 1).padStart(2)}. ${entry.reason}: ${where(entry)}`, `      ${entry.message}`, `      [${entry.basis}]`);
    });
  }
  if (result.warnings.length > 0) {
    lines.push('', 'warnings:');
    for (const warning of result.warnings) lines.push(`  - ${warning}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The routing table for a terminal: per gateway, listener and host, routes in the order Istio tries them. */
export function formatRoutes(table: RoutingTable): string {
  const lines: string[] = [];
  for (const gateway of table.gateways) {
    lines.push(`gateway ${gateway.name}  [${gateway.objects.map(ref).join(', ')}]`);
    for (const listener of gateway.listeners) {
      const names = listener.listeners.map((l) => `${l.name ?? '(unnamed)'} (${l.hosts.join(', ')})`);
      lines.push(`  ${listener.protocol} ${listener.port}: ${names.join(', ')}`);
      for (const vhost of listener.virtualHosts) {
        lines.push(`    host ${vhost.domains.join(', ')}${vhost.httpsRedirect ? '  (plain HTTP redirected to HTTPS)' : ''}`);
        if (vhost.routes.length === 0) lines.push('      (no routes: 404)');
        vhost.routes.forEach((route, i) => {
          lines.push(`      ${String(i + 1).padStart(2)}. ${route.match}${route.catchAll ? ' (catch-all)' : ''}  ->  ${route.action}`, `          ${where(route)}`);
        });
      }
      for (const route of listener.passthrough) lines.push(`    ${route.match}  ->  ${route.action}`, `        ${where(route)}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
