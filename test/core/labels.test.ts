import { selects, unmatchedLabels } from '../../src/model/labels';

describe('label selectors (matchLabels)', () => {
  const pods = { app: 'web', version: 'v1', 'istio.io/rev': 'stable' };

  test('a selector selects labels that carry every one of its entries', () => {
    expect(selects({ app: 'web' }, pods)).toBe(true);
    expect(selects({ app: 'web', version: 'v1' }, pods)).toBe(true);
    expect(unmatchedLabels({ app: 'web', version: 'v1' }, pods)).toEqual([]);
  });

  test('an empty selector selects everything, even no labels', () => {
    expect(selects({}, pods)).toBe(true);
    expect(selects({}, {})).toBe(true);
    expect(unmatchedLabels({}, {})).toEqual([]);
  });

  test('a missing or different value is unmatched, named in the selector\'s order', () => {
    expect(selects({ app: 'api' }, pods)).toBe(false);
    expect(selects({ tier: 'front' }, pods)).toBe(false);
    expect(unmatchedLabels({ tier: 'front', app: 'web', version: 'v2' }, pods)).toEqual([['tier', 'front'], ['version', 'v2']]);
  });

  test('values are compared exactly (no case folding, no prefix)', () => {
    expect(selects({ app: 'Web' }, pods)).toBe(false);
    expect(selects({ app: 'we' }, pods)).toBe(false);
  });

  test('selects() agrees with unmatchedLabels() on every pair of a small universe', () => {
    const universe: Record<string, string>[] = [{}, { a: '1' }, { a: '2' }, { b: '1' }, { a: '1', b: '1' }, { a: '2', b: '1' }];
    for (const selector of universe) {
      for (const labels of universe) expect(selects(selector, labels)).toBe(unmatchedLabels(selector, labels).length === 0);
    }
  });
});
