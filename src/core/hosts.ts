/**
 * Host matching with the semantics shared by Istio and the Gateway API:
 * `*` matches every host, `*.example.com` matches any name ending in
 * `.example.com` (one or more labels), and anything else matches itself.
 */

/** Whether `pattern` (which may be a wildcard) covers `host` (which may be a wildcard). */
export function hostCovers(pattern: string, host: string): boolean {
  if (pattern === '*' || pattern === host) return true;
  if (!pattern.startsWith('*.')) return false;
  const suffix = pattern.slice(1);
  const candidate = host.startsWith('*.') ? host.slice(1) : host;
  return candidate.endsWith(suffix) && candidate.length > suffix.length;
}

/** Whether some request host could match both `a` and `b`. */
export function hostsIntersect(a: string, b: string): boolean {
  return hostCovers(a, b) || hostCovers(b, a);
}

/**
 * The wildcard patterns that cover a concrete host, most specific first:
 * `a.b.example.com` -> `*.b.example.com`, `*.example.com`, `*.com`, `*`.
 * Lets lookups run in O(labels) against a set instead of scanning every pattern.
 */
export function coveringWildcards(host: string): string[] {
  // Every suffix starting at a dot, as a wildcard: for `*.example.com` the first is the host itself.
  const result: string[] = [];
  for (let dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) result.push(`*${host.slice(dot)}`);
  result.push('*');
  return result;
}

/**
 * An index of hosts that answers "which indexed hosts intersect this one"
 * without scanning them all for concrete hosts.
 */
export class HostIndex<T> {
  private readonly byHost = new Map<string, T[]>();
  private readonly wildcards: string[] = [];

  public add(host: string, value: T): void {
    let values = this.byHost.get(host);
    if (!values) {
      values = [];
      this.byHost.set(host, values);
      if (host.startsWith('*')) this.wildcards.push(host);
    }
    values.push(value);
  }

  /** Values of every indexed host that intersects `host`. */
  public intersecting(host: string): T[] {
    if (host === '*') return [...this.byHost.values()].flat();
    const found: T[] = [...(this.byHost.get(host) ?? [])];
    if (host.startsWith('*.')) {
      // A wildcard query can intersect concrete names under it: scan (rare, and bounded by the index size).
      for (const [indexed, values] of this.byHost) {
        if (indexed !== host && hostsIntersect(indexed, host)) found.push(...values);
      }
      return found;
    }
    for (const pattern of coveringWildcards(host)) found.push(...(this.byHost.get(pattern) ?? []));
    return found;
  }

  public get size(): number {
    return this.byHost.size;
  }

  public hosts(): string[] {
    return [...this.byHost.keys()];
  }
}
