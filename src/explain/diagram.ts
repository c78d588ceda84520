import { BackendInfo, RoutingTable } from './result';

/** The routing table as a graph: gateway -> listeners -> hosts -> routes -> backends. */
interface Graph {
  readonly nodes: { readonly id: string; readonly label: string; readonly shape: 'gateway' | 'listener' | 'host' | 'route' | 'backend' }[];
  readonly edges: { readonly from: string; readonly to: string; readonly label?: string }[];
}

function graphOf(table: RoutingTable): Graph {
  const nodes: Graph['nodes'][number][] = [];
  const edges: Graph['edges'][number][] = [];
  const backends = new Map<string, string>();
  const backendNode = (backend: BackendInfo) => {
    const key = `${backend.namespace ?? ''}/${backend.name}:${backend.port ?? ''}`;
    let id = backends.get(key);
    if (!id) {
      id = `b${backends.size}`;
      backends.set(key, id);
      nodes.push({ id, label: `${backend.namespace ? `${backend.name}.${backend.namespace}` : backend.name || 'invalid backend'}${backend.port !== undefined ? `:${backend.port}` : ''}`, shape: 'backend' });
    }
    return id;
  };
  table.gateways.forEach((gateway, g) => {
    const gid = `g${g}`;
    nodes.push({ id: gid, label: gateway.name, shape: 'gateway' });
    gateway.listeners.forEach((listener, l) => {
      const lid = `${gid}l${l}`;
      const names = listener.listeners.map((i) => i.name).filter(Boolean);
      nodes.push({ id: lid, label: `${listener.protocol} ${listener.port}${names.length > 0 ? ` (${names.join(', ')})` : ''}`, shape: 'listener' });
      edges.push({ from: gid, to: lid });
      listener.virtualHosts.forEach((vhost, h) => {
        const hid = `${lid}h${h}`;
        nodes.push({ id: hid, label: `${vhost.domains.join(', ')}${vhost.httpsRedirect ? ' (redirect to HTTPS)' : ''}`, shape: 'host' });
        edges.push({ from: lid, to: hid });
        vhost.routes.forEach((route, r) => {
          const rid = `${hid}r${r}`;
          nodes.push({ id: rid, label: `${r + 1}. ${route.match}\n${route.object.kind} ${route.object.namespace ? `${route.object.namespace}/` : ''}${route.object.name}`, shape: 'route' });
          edges.push({ from: hid, to: rid });
          if (route.backends.length === 0) {
            const aid = `${rid}a`;
            nodes.push({ id: aid, label: route.action, shape: 'backend' });
            edges.push({ from: rid, to: aid });
          }
          for (const backend of route.backends) edges.push({ from: rid, to: backendNode(backend), ...(backend.weight !== 100 ? { label: `${backend.weight}%` } : {}) });
        });
      });
      listener.passthrough.forEach((route, r) => {
        const rid = `${lid}p${r}`;
        nodes.push({ id: rid, label: `${route.match}\n${route.object.kind} ${route.object.namespace ? `${route.object.namespace}/` : ''}${route.object.name}`, shape: 'route' });
        edges.push({ from: lid, to: rid });
        for (const backend of route.backends) edges.push({ from: rid, to: backendNode(backend), ...(backend.weight !== 100 ? { label: `${backend.weight}%` } : {}) });
      });
    });
  });
  return { nodes, edges };
}

/** Mermaid flowchart text (renders in GitHub Markdown in a ```mermaid block). */
export function toMermaid(table: RoutingTable): string {
  const { nodes, edges } = graphOf(table);
  const escape = (text: string) => text.replace(/"/g, '#quot;').replace(/\n/g, '<br/>');
  const shapes = { gateway: ['[["', '"]]'], listener: ['(["', '"])'], host: ['{{"', '"}}'], route: ['["', '"]'], backend: ['[("', '")]'] } as const;
  const lines = ['flowchart LR'];
  for (const node of nodes) lines.push(`  ${node.id}${shapes[node.shape][0]}${escape(node.label)}${shapes[node.shape][1]}`);
  for (const edge of edges) lines.push(`  ${edge.from} -->${edge.label ? `|${escape(edge.label)}|` : ''} ${edge.to}`);
  return `${lines.join('\n')}\n`;
}

/** Graphviz DOT text. */
export function toDot(table: RoutingTable): string {
  const { nodes, edges } = graphOf(table);
  const escape = (text: string) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  const shapes = { gateway: 'box3d', listener: 'oval', host: 'hexagon', route: 'box', backend: 'cylinder' } as const;
  const lines = ['digraph routes {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];'];
  for (const node of nodes) lines.push(`  ${node.id} [shape=${shapes[node.shape]}, label="${escape(node.label)}"];`);
  for (const edge of edges) lines.push(`  ${edge.from} -> ${edge.to}${edge.label ? ` [label="${escape(edge.label)}"]` : ''};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Pictures of a routing table (`RouteExplainer.routes()`). */
export class RoutingDiagram {
  /** A Mermaid flowchart: gateway -> listeners -> hosts -> routes -> backends. */
  public static mermaid(table: RoutingTable): string {
    return toMermaid(table);
  }

  /** The same as Graphviz DOT. */
  public static dot(table: RoutingTable): string {
    return toDot(table);
  }

  private constructor() {}
}
