/**
 * Host names as istiod compares them (pkg/config/host/name.go, names.go) and
 * as Envoy picks a virtual host for a request. A wildcard is `*` or
 * `*.suffix`, and `*.example.com` covers `a.example.com` and
 * `a.b.example.com` but not `example.com`.
 */

function isWildcard(host: string): boolean {
  return host.startsWith('*');
}

/** `host.Name.SubsetOf`: every name `a` covers is covered by `b`. */
export function subsetOf(a: string, b: string): boolean {
  if (isWildcard(a)) {
    if (!isWildcard(b)) return false;
    return a.length >= b.length && a.slice(1).endsWith(b.slice(1));
  }
  if (isWildcard(b)) return a.endsWith(b.slice(1));
  return a === b;
}

/** `host.Name.Matches`: `a` and `b` have a name in common. */
export function hostsMatch(a: string, b: string): boolean {
  return subsetOf(a, b) || subsetOf(b, a);
}

/**
 * `host.Names.Intersection` for one pair: the more specific of the two when
 * one covers the other (this is the domain of the virtual host istiod builds
 * for a VirtualService host on a server host), else nothing.
 */
export function intersect(a: string, b: string): string | undefined {
  if (subsetOf(a, b)) return a;
  if (subsetOf(b, a)) return b;
  return undefined;
}

/** Whether a concrete request host falls under a virtual host domain, as Envoy matches domains. */
export function domainCovers(domain: string, host: string): boolean {
  if (domain === '*') return true;
  if (domain.startsWith('*')) return host.length > domain.length - 1 && host.endsWith(domain.slice(1));
  if (domain.endsWith('*')) return host.length > domain.length - 1 && host.startsWith(domain.slice(0, -1));
  return domain === host;
}

/**
 * The suffix wildcards that could cover a concrete host, longest first: for
 * `a.b.example.com`, `*.b.example.com`, `*.example.com`, `*.com`. Envoy also
 * accepts wildcards that do not start at a dot (`*-bar.example.com`), which
 * `DomainIndex` handles by scanning its few odd ones.
 */
export function dotWildcards(host: string): string[] {
  const result: string[] = [];
  for (let dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) result.push(`*${host.slice(dot)}`);
  return result;
}

/**
 * Envoy's virtual host selection: an exact domain first, then the longest
 * suffix wildcard, then the longest prefix wildcard, then `*`
 * (VirtualHost.domains in envoy/config/route/v3/route_components.proto). A
 * lookup costs the number of labels of the host, not the number of domains.
 */
export class DomainIndex<T> {
  private readonly exact = new Map<string, T>();
  private readonly dotSuffix = new Map<string, T>();
  private readonly otherWildcards: { domain: string; value: T }[] = [];
  private any?: T;

  public add(domain: string, value: T): void {
    if (domain === '*') this.any ??= value;
    else if (domain.startsWith('*.')) {
      if (!this.dotSuffix.has(domain)) this.dotSuffix.set(domain, value);
    } else if (domain.startsWith('*') || domain.endsWith('*')) this.otherWildcards.push({ domain, value });
    else if (!this.exact.has(domain)) this.exact.set(domain, value);
  }

  /** Every domain covering `host`, most specific first (the first is Envoy's choice). */
  public covering(host: string): { domain: string; value: T }[] {
    const found: { domain: string; value: T }[] = [];
    const exact = this.exact.get(host);
    if (exact !== undefined) found.push({ domain: host, value: exact });
    const suffixes = dotWildcards(host)
      .filter((w) => this.dotSuffix.has(w))
      .map((w) => ({ domain: w, value: this.dotSuffix.get(w)! }));
    const others = this.otherWildcards.filter((w) => domainCovers(w.domain, host));
    const bySuffix = [...suffixes, ...others.filter((w) => w.domain.startsWith('*'))].sort((a, b) => b.domain.length - a.domain.length);
    const byPrefix = others.filter((w) => !w.domain.startsWith('*')).sort((a, b) => b.domain.length - a.domain.length);
    found.push(...bySuffix, ...byPrefix);
    if (this.any !== undefined) found.push({ domain: '*', value: this.any });
    return found;
  }
}

/**
 * Values indexed by host name, found by any host that intersects theirs
 * (bidirectional `Matches`): for a concrete host, the exact entry and the
 * wildcards covering it, in O(labels); wildcard queries scan, which only
 * wildcard hosts on both sides need.
 */
export class HostMap<T> {
  private readonly byHost = new Map<string, T[]>();

  public add(host: string, value: T): void {
    const list = this.byHost.get(host);
    if (list) list.push(value);
    else this.byHost.set(host, [value]);
  }

  public matching(host: string): T[] {
    if (!isWildcard(host)) {
      const found = [...(this.byHost.get(host) ?? [])];
      for (const wildcard of [...dotWildcards(host), '*']) found.push(...(this.byHost.get(wildcard) ?? []));
      return found;
    }
    const found: T[] = [];
    for (const [indexed, values] of this.byHost) if (hostsMatch(indexed, host)) found.push(...values);
    return found;
  }

  public get size(): number {
    return this.byHost.size;
  }
}
