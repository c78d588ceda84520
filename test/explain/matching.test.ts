import { DomainIndex, HostMap, intersect, subsetOf } from '../../src/explain/hosts';
import { fullMatchRegex, parseRequest } from '../../src/explain/matching';

describe('host names as istiod compares them (pkg/config/host/name.go)', () => {
  test('SubsetOf: a wildcard covers longer names and narrower wildcards under it, never the bare suffix', () => {
    expect(subsetOf('a.example.com', '*.example.com')).toBe(true);
    expect(subsetOf('a.b.example.com', '*.example.com')).toBe(true);
    expect(subsetOf('*.b.example.com', '*.example.com')).toBe(true);
    expect(subsetOf('example.com', '*.example.com')).toBe(false);
    expect(subsetOf('*.example.com', 'a.example.com')).toBe(false);
    expect(subsetOf('*.example.com', '*')).toBe(true);
  });

  test('Intersection keeps the more specific of two hosts that overlap', () => {
    expect(intersect('*.example.com', 'a.example.com')).toBe('a.example.com');
    expect(intersect('*', '*.example.com')).toBe('*.example.com');
    expect(intersect('a.example.com', 'b.example.com')).toBeUndefined();
  });

  test('HostMap finds the entries a host intersects: exact, covering wildcards, and for a wildcard query the names under it', () => {
    const map = new HostMap<string>();
    for (const host of ['a.example.com', '*.example.com', '*', 'b.example.org', '*.x.example.com']) map.add(host, host);
    expect(map.matching('a.example.com').sort()).toStrictEqual(['*', '*.example.com', 'a.example.com']);
    expect(map.matching('*.example.com').sort()).toStrictEqual(['*', '*.example.com', '*.x.example.com', 'a.example.com']);
  });
});

describe("Envoy's virtual host choice (VirtualHost.domains)", () => {
  test('exact, then the longest suffix wildcard, then prefix wildcards, then *; only covering domains', () => {
    const index = new DomainIndex<string>();
    for (const domain of ['*', '*.example.com', '*.b.example.com', 'a.b.example.com', 'a.b.*', '*-bar.b.example.com']) index.add(domain, domain);
    expect(index.covering('a.b.example.com').map((c) => c.domain)).toStrictEqual(['a.b.example.com', '*.b.example.com', '*.example.com', 'a.b.*', '*']);
    expect(index.covering('foo-bar.b.example.com').map((c) => c.domain)).toStrictEqual(['*-bar.b.example.com', '*.b.example.com', '*.example.com', '*']);
    // "The wildcard will not match the empty string."
    expect(index.covering('example.com').map((c) => c.domain)).toStrictEqual(['*']);
  });
});

describe('RE2 expressions matched in full, as Envoy safe_regex does', () => {
  test('anchors the whole input and reads (?i) and (?P<name>)', () => {
    expect(fullMatchRegex('/v[0-9]+')!.test('/v12')).toBe(true);
    expect(fullMatchRegex('/v[0-9]+')!.test('/v12/x')).toBe(false);
    expect(fullMatchRegex('a|b')!.test('ab')).toBe(false);
    expect(fullMatchRegex('(?i)/API')!.test('/api')).toBe(true);
    expect(fullMatchRegex('/(?P<id>[0-9]+)')!.test('/42')).toBe(true);
    expect(fullMatchRegex('(')).toBeUndefined();
  });
});

describe('requests as the gateway sees them', () => {
  test('the Host header picks the host, without its port; the URL gives scheme, port, path and query', () => {
    expect(parseRequest({ url: 'http://203.0.113.7:8080/status/200?x=1&x=2', headers: { Host: 'HttpBin.Example.com:8080' } })).toMatchObject({
      method: 'GET',
      scheme: 'http',
      host: 'httpbin.example.com',
      port: 8080,
      path: '/status/200',
      query: 'x=1&x=2',
    });
    expect(parseRequest({ url: 'https://a.example.com' })).toMatchObject({ port: 443, path: '/' });
    expect(parseRequest({ url: 'http://a.example.com/a/../b/./c' }).path).toBe('/b/c');
  });
});
