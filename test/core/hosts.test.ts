import { coveringWildcards, HostIndex, hostCovers, hostsIntersect } from '../../src/model/hosts';

describe('host matching', () => {
  test.each([
    ['*', 'anything.example.com', true],
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'a.b.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'badexample.com', false],
    ['*.example.com', '*.a.example.com', true],
    ['*.a.example.com', '*.example.com', false],
    ['a.example.com', 'a.example.com', true],
    ['a.example.com', 'b.example.com', false],
  ])('%s covers %s: %s', (pattern, host, expected) => {
    expect(hostCovers(pattern, host)).toBe(expected);
  });

  test('intersection is symmetric', () => {
    expect(hostsIntersect('a.example.com', '*.example.com')).toBe(true);
    expect(hostsIntersect('*.example.com', 'a.example.com')).toBe(true);
    expect(hostsIntersect('*.example.org', 'a.example.com')).toBe(false);
  });

  test('covering wildcards go from most to least specific', () => {
    expect(coveringWildcards('a.b.example.com')).toStrictEqual(['*.b.example.com', '*.example.com', '*.com', '*']);
    expect(coveringWildcards('*.example.com')).toStrictEqual(['*.example.com', '*.com', '*']);
    expect(coveringWildcards('localhost')).toStrictEqual(['*']);
    expect(coveringWildcards('*')).toStrictEqual(['*']);
  });

  test('the index finds exactly the intersecting hosts', () => {
    const index = new HostIndex<string>();
    for (const host of ['a.example.com', '*.example.com', '*.example.org', 'x.example.org', '*']) index.add(host, host);
    expect(index.intersecting('a.example.com').sort()).toStrictEqual(['*', '*.example.com', 'a.example.com']);
    expect(index.intersecting('z.example.net').sort()).toStrictEqual(['*']);
    expect(index.intersecting('*.example.org').sort()).toStrictEqual(['*', '*.example.org', 'x.example.org']);
    expect(index.intersecting('*').length).toBe(5);
  });
});
