/** Names derived from the model: Service addresses, host slugs, a locale-independent order. */

/** The cluster DNS name of a Service. */
export function serviceFqdn(name: string, namespace: string, clusterDomain: string): string {
  return `${name}.${namespace}.svc.${clusterDomain}`;
}

/** Turns a hostname into something usable inside a DNS-1123 name ("*.example.com" -> "wildcard.example.com"). */
export function hostnameSlug(host: string): string {
  if (host === '*') return 'any';
  return host.startsWith('*.') ? `wildcard${host.slice(1)}` : host;
}

/** Code-point order, independent of the locale, so output is identical on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
