import { MatchModel, PathMatchType, StringMatchType } from '../../src/model/types';
import { compareMatches, matchKey } from '../../src/model/precedence';

const prefix = (value: string): MatchModel => ({ path: { type: PathMatchType.PREFIX, value } });

describe('route precedence', () => {
  test('exact beats regex beats the longest prefix beats no path', () => {
    const matches: MatchModel[] = [{}, prefix('/a'), { path: { type: PathMatchType.REGEX, value: '/a.*' } }, prefix('/a/b'), { path: { type: PathMatchType.EXACT, value: '/a' } }];
    expect([...matches].sort(compareMatches)).toStrictEqual([matches[4], matches[2], matches[3], matches[1], matches[0]]);
  });

  test('at equal paths, a method beats more headers beats more query parameters', () => {
    const header = { name: 'x', type: StringMatchType.EXACT, value: '1' };
    const withMethod: MatchModel = { ...prefix('/a'), method: 'GET' };
    const withHeaders: MatchModel = { ...prefix('/a'), headers: [header, { ...header, name: 'y' }] };
    const withQuery: MatchModel = { ...prefix('/a'), queryParams: [header] };
    expect([withQuery, withHeaders, withMethod].sort(compareMatches)).toStrictEqual([withMethod, withHeaders, withQuery]);
  });

  test('match keys ignore header order and header name case, and treat no path as the prefix /', () => {
    const a: MatchModel = { headers: [{ name: 'X-A', type: StringMatchType.EXACT, value: '1' }, { name: 'b', type: StringMatchType.REGEX, value: '2' }] };
    const b: MatchModel = { path: { type: PathMatchType.PREFIX, value: '/' }, headers: [{ name: 'b', type: StringMatchType.REGEX, value: '2' }, { name: 'x-a', type: StringMatchType.EXACT, value: '1' }] };
    expect(matchKey(a)).toBe(matchKey(b));
    expect(matchKey(prefix('/a'))).not.toBe(matchKey(prefix('/a/')));
  });
});
