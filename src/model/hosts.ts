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
 * An index of hosts that answers "which indexed hosts intersect this one" in
 * time proportional to the labels of the query and the number of answers,
 * never by scanning every indexed host: a concrete query looks up itself and
 * the wildcards covering it; a wildcard query also looks up the hosts under
 * its domain, which `add` files under each of their parent domains.
 */
export class HostIndex<T> {
  private readonly byHost = new Map<string, T[]>();
  /** Indexed hosts by each of their parent domains: `a.b.com` and `*.b.com` under `b.com` and `com`. */
  private readonly byParent = new Map<string, string[]>();
  /** Wildcard hosts indexed: without any, a concrete query only looks itself up. */
  private wildcards = 0;

  public add(host: string, value: T): void {
    const values = this.byHost.get(host);
    if (values) {
      values.push(value);
      return;
    }
    this.byHost.set(host, [value]);
    if (host.startsWith('*')) this.wildcards++;
    for (let dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
      const parent = host.slice(dot + 1);
      const hosts = this.byParent.get(parent);
      if (hosts) hosts.push(host);
      else this.byParent.set(parent, [host]);
    }
  }

  /** Values of every indexed host that intersects `host`, those of the same host together. */
  public intersecting(host: string): T[] {
    if (host === '*') return [...this.byHost.values()].flat();
    const found: T[] = [];
    if (this.wildcards === 0 && !host.startsWith('*.')) {
      this.collect(host, found);
      return found;
    }
    for (const pattern of coveringWildcards(host)) this.collect(pattern, found);
    if (!host.startsWith('*.')) {
      // A concrete host: itself (coveringWildcards gives only wildcards for it).
      this.collect(host, found);
      return found;
    }
    // A wildcard also meets every name under its domain (coveringWildcards already gave the wildcard itself).
    for (const under of this.byParent.get(host.slice(2)) ?? []) {
      if (under !== host) this.collect(under, found);
    }
    return found;
  }

  public get size(): number {
    return this.byHost.size;
  }

  public hosts(): string[] {
    return [...this.byHost.keys()];
  }

  private collect(host: string, into: T[]): void {
    const values = this.byHost.get(host);
    if (values) for (const value of values) into.push(value);
  }
}
