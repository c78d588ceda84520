import { ExposedService, HttpMethod, IngressGateway, PathMatch, RouteMatch, StringMatch, Backend } from '../../src';
import { MatchModel, PathMatchType, StringMatchType } from '../../src/model/types';
import { compareMatches, matchKey } from '../../src/model/precedence';
import { newChart, only, synth } from '../support/synth';

const prefix = (value: string): MatchModel => ({ path: { type: PathMatchType.PREFIX, value } });
const regex = (value: string): MatchModel => ({ path: { type: PathMatchType.REGEX, value } });
const exact = (value: string): MatchModel => ({ path: { type: PathMatchType.EXACT, value } });

describe('route precedence (istiod 1.30: getURIRank and sortHTTPRoutes in pilot/pkg/config/kube/gateway/conversion.go)', () => {
  test('exact beats the longest prefix beats a regular expression, as istiod ranks HTTPRoute matches ("getURIRank ranks a URI match type. Exact > Prefix > Regex")', () => {
    const matches: MatchModel[] = [prefix('/a'), regex('/a.*'), prefix('/a/b'), exact('/a'), regex('/[0-9]+/x')];
    expect([...matches].sort(compareMatches)).toStrictEqual([matches[3], matches[2], matches[0], matches[4], matches[1]]);
  });

  test('a catch-all (no path, or the prefix /) ranks as the shortest prefix: after longer prefixes, before every regular expression, as sortHTTPRoutes puts it', () => {
    const catchAll: MatchModel = {};
    const slash = prefix('/');
    const regexRoute = regex('/v[12]/.*');
    const slashWithMethod: MatchModel = { ...prefix('/'), method: 'GET' };
    const longer = prefix('/v1');
    expect([regexRoute, catchAll, slash, slashWithMethod, longer].sort(compareMatches)).toStrictEqual([longer, slashWithMethod, catchAll, slash, regexRoute]);
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

  test('the Istio API renderer writes VirtualService routes in that order: prefixes, then the catch-all, then regular expressions', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    new ExposedService(chart, 'svc', {
      gateway,
      backend: Backend.fromServiceName('api', { namespace: 'default', port: 8080, portName: 'http' }),
      hosts: ['api.example.com'],
      routes: [
        { name: 'everything', matches: [RouteMatch.of({})] },
        { name: 'versioned', matches: [RouteMatch.pathRegex('/v[0-9]+/.*')] },
        { name: 'users', matches: [RouteMatch.pathPrefix('/v1/users')] },
        { name: 'get', matches: [RouteMatch.of({ path: PathMatch.prefix('/'), method: HttpMethod.GET, headers: { 'x-a': StringMatch.exact('1') } })] },
      ],
    });
    const http = only(synth(chart), 'VirtualService').spec.http as { name: string }[];
    expect(http.map((h) => h.name)).toStrictEqual(['users', 'get', 'everything', 'versioned']);
  });
});
