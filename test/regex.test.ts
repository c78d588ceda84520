import { RE2JS } from '@bufbuild/re2';
import { PathMatchType, StringMatchType, validateGateway } from 'cdk8s-istio-ingress/model';
import { checkPathRegex, checkRegex, MAX_RE2_PROGRAM_SIZE, re2ProgramSize } from '../src/checks/regex';
import { fullMatchRegex } from '../src/explain/matching';
import { sync } from '../src/operator/hooks';
import { AllowedRoutes, ExposedService, PathModifier, HttpbinApp, IngressApi, IngressGateway, PathMatch, RouteMatch, StringMatch, ValidationError } from '../src';
import { cr, syncRequest } from './operator/support';
import { gatewayModel } from './support/models';
import { newChart, synth, validationError } from './support/synth';

/**
 * Regular expressions are checked by RE2 itself (@bufbuild/re2, a port of Go's
 * regexp/syntax, which istiod's webhook compiles with), plus istiod's 1024-byte
 * limit and Envoy's program-size limit as Istio configures it (32768).
 */

/** Patterns istiod or Envoy refuse, with what our message must say about them. */
const REFUSED: readonly (readonly [string, RegExp])[] = [
  ['/a\\Z', /invalid escape sequence `\\Z`; RE2 has no \\Z: use \\z \(end of text\) or \$/],
  ['/a\\e', /invalid escape sequence `\\e`; RE2 has no \\e: write the escape character as \\x1b/],
  ['/[[:digits:]]+', /invalid character class range `\[:digits:\]`; POSIX classes are \[\[:alnum:\]\], \[\[:alpha:\]\], \[\[:digit:\]\]/],
  ['/a{1001}', /invalid repeat count `\{1001\}`; RE2 repeats at most 1000 times/],
  // Nested repeats multiply: re2 parse.cc PushRepetition (RepetitionWalker), Go regexp/syntax repeatIsValid.
  ['/(a{100}){11}', /invalid repeat count `\{11\}`; RE2 repeats at most 1000 times, nested repeats multiplied/],
  ['/(?=x)', /invalid or unsupported Perl syntax `\(\?=`; RE2 has no lookahead/],
  ['/(?<!x)a', /invalid named capture `\(\?<!x\)a`; RE2 has no lookbehind/],
  ['/(a)\\1', /invalid escape sequence `\\1`; RE2 has no backreferences/],
  ['/a++', /invalid nested repetition operator `\+\+`; RE2 has no possessive/],
  ['/\\u0041', /invalid escape sequence `\\u`; write a code point as \\x\{263A\}/],
  ['*.example', /missing argument to repetition operator `\*`; \*, \+, \? and \{n\} repeat what comes before them/],
  ['/(a', /missing closing \) `\/\(a`; close every group/],
  ['/a)', /unexpected \) `\/a\)`; escape a literal \) as \\\)/],
  ['/[a', /missing closing \] `\[a`; close the class/],
  ['/a\\', /trailing backslash at end of expression ``; escape a literal backslash as \\\\/],
  ['/(?#note)a', /RE2 has no \(\?#\.\.\.\) comments/],
];

/** Patterns RE2 accepts that JavaScript's RegExp spells differently or refuses. */
const ACCEPTED = ['(?i)/users/(?P<id>[0-9]+)', '/(?<id>[0-9]+)', '/\\pL+', '/\\p{Greek}+', '/[[:digit:]]+', '/a\\z', '\\A/a', '/\\Q.*\\E', '/(?U)a+', '/[]a]', '/a{1000}', '/x(?i:abc)y', '/\\_', '/é+'];

describe('regular expressions are checked as RE2 (istiod, Envoy) checks them', () => {
  test.each(REFUSED)('refuses %p, saying what RE2 refused and how to fix it', (regex, message) => {
    expect(checkRegex(regex)).toMatch(/^is refused by RE2 \(which istiod and Envoy use\): /);
    expect(checkRegex(regex)).toMatch(message);
  });

  test.each(ACCEPTED)('accepts %p', (regex) => {
    expect(checkRegex(regex)).toBeUndefined();
  });

  test('istiod\'s limit is 1024 bytes of UTF-8 (validateStringRegexp: len(re) > 1024), not characters', () => {
    expect(checkRegex(`/${'a'.repeat(1023)}`)).toBeUndefined();
    expect(checkRegex(`/${'a'.repeat(1024)}`)).toBe('is 1025 bytes long; istiod refuses a regular expression over 1024 bytes: shorten it');
    // 600 characters, 1200 bytes.
    expect(checkRegex('é'.repeat(600))).toBe('is 1200 bytes long; istiod refuses a regular expression over 1024 bytes: shorten it');
    expect(checkRegex('')).toBe('must be a regular expression of 1 to 1024 bytes');
    expect(checkRegex(42 as never)).toBe('must be a regular expression (a string)');
  });

  // C++ RE2's ProgramSize() of each pattern, measured with libre2 (Debian's 20220601 build):
  // Envoy refuses a program over re2.max_program_size.error_level, which Istio sets to 32768.
  test.each([
    ['a{1000}', 1004],
    ['.{1000}', 8004],
    ['\\pL', 1197],
    ['\\pL{100}', 119304],
    ['[a-z]{1000}', 1004],
    ['\\w{1000}', 3004],
    ['\\p{Cyrillic}{20}', 664],
    ['(?s).{100}', 704],
    ['[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}', 20],
  ] as const)('estimates the C++ RE2 program size of %p from below and close (C++: %p)', (regex, cxx) => {
    const estimate = re2ProgramSize(RE2JS.compile(regex));
    expect(estimate).toBeLessThanOrEqual(cxx);
    expect(estimate).toBeGreaterThanOrEqual(cxx * 0.4);
  });

  test('refuses a program Envoy would refuse, naming the limit and the fix', () => {
    // 33 repeats of 1000 characters: within 1024 bytes, each repeat valid, 33,000+ instructions.
    const long = '[a-z]{1000}'.repeat(33);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(1024);
    expect(checkRegex(long)).toMatch(
      new RegExp(`^compiles to an RE2 program of about 3300\\d instructions; istio-proxy \\(Envoy\\) refuses more than ${MAX_RE2_PROGRAM_SIZE}: use smaller repeat counts`),
    );
    expect(checkRegex('\\pL{100}')).toMatch(/^compiles to an RE2 program of about \d+ instructions/);
    expect(checkRegex('[a-z]{1000}'.repeat(30))).toBeUndefined();
  });
});

function exposed(api: IngressApi, match: RouteMatch) {
  const chart = newChart();
  const gateway = new IngressGateway(chart, 'gw', { api });
  const backend = new HttpbinApp(chart, 'httpbin');
  return () => new ExposedService(chart, 'web', { gateway, backend, hosts: ['a.example.com'], routes: [{ matches: [match] }] });
}

describe('every regex position refuses what RE2 refuses, with the construct path and field', () => {
  const apis = [
    ['Istio API', IngressApi.istio()],
    ['Gateway API', IngressApi.gatewayApi({ allowedRoutes: AllowedRoutes.allNamespaces() })],
  ] as const;

  test.each(apis)('%s: path, header and query parameter regexes', (_name, api) => {
    const cases: [RouteMatch, RegExp][] = [
      [RouteMatch.pathRegex('/a\\Z'), /^\[test\/web\] routes\[0\]\.matches\[0\]\.path: "\/a\\\\Z" is refused by RE2 .*use \\z \(end of text\) or \$$/],
      [RouteMatch.of({ headers: { 'x-v': StringMatch.regex('[[:digits:]]') } }), /^\[test\/web\] routes\[0\]\.matches\[0\]\.headers\["x-v"\]: "\[\[:digits:\]\]" is refused by RE2 .*POSIX classes/],
      [RouteMatch.of({ queryParams: { q: StringMatch.regex('a{1001}') } }), /^\[test\/web\] routes\[0\]\.matches\[0\]\.queryParams\["q"\]: "a\{1001\}" is refused by RE2 .*at most 1000 times/],
      [RouteMatch.of({ path: PathMatch.regex('/\\e') }), /routes\[0\]\.matches\[0\]\.path: "\/\\\\e" is refused by RE2 .*\\x1b/],
    ];
    for (const [match, message] of cases) {
      const error = validationError(exposed(api, match));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).toMatch(message);
    }
  });

  test.each(apis)('%s: a pattern RE2 accepts and JavaScript does not is emitted as written', (_name, api) => {
    const build = exposed(api, RouteMatch.of({ path: PathMatch.regex('/\\pL+'), headers: { 'x-id': StringMatch.regex('(?P<id>[0-9]+)\\z') } }));
    const objects = synth(build().node.scope as never);
    const text = JSON.stringify(objects);
    expect(text).toContain(JSON.stringify('/\\pL+'));
    expect(text).toContain(JSON.stringify('(?P<id>[0-9]+)\\z'));
  });

  test('Istio API: the regex that removes a matched prefix (uriRegexRewrite.match) is checked too: escaped, a long prefix can pass istiod\'s 1024 bytes', () => {
    const prefix = `/${'a.'.repeat(400)}b`;
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    const backend = new HttpbinApp(chart, 'httpbin');
    new ExposedService(chart, 'web', { gateway, backend, hosts: ['a.example.com'], routes: [{ matches: [RouteMatch.pathPrefix(prefix)], rewrite: { path: PathModifier.replacePrefixMatch('/') } }] });
    const error = validationError(() => synth(chart));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.problems).toContainEqual({
      constructPath: 'test/web',
      field: 'routes[0].rewrite',
      message: expect.stringMatching(/^removing the prefix "\/a\.a\.a.*" takes the regex "\^\/a\\\\\.a.*", which is 1205 bytes long; istiod refuses a regular expression over 1024 bytes: shorten it$/),
    });
    // A short prefix renders its regex as before.
    const ok = newChart();
    const okGateway = new IngressGateway(ok, 'gw');
    new ExposedService(ok, 'web', { gateway: okGateway, backend: new HttpbinApp(ok, 'httpbin'), hosts: ['a.example.com'], routes: [{ matches: [RouteMatch.pathPrefix('/api.v1')], rewrite: { path: PathModifier.replacePrefixMatch('/') } }] });
    const vs = synth(ok).find((o) => o.kind === 'VirtualService')!;
    expect(vs.spec.http[0].rewrite).toStrictEqual({ uriRegexRewrite: { match: '^/api\\.v1/?', rewrite: '/' } });
  });

  test('the /model entry point refuses the same regexes, naming the model field', () => {
    const model = gatewayModel({
      routes: [
        {
          source: 'shop/web',
          name: 'web',
          namespace: 'edge',
          hosts: ['shop.example.com'],
          port: 80,
          rules: [
            {
              matches: [{ path: { type: PathMatchType.REGEX, value: '/a\\Z' }, headers: [{ name: 'x-v', type: StringMatchType.REGEX, value: '(?=a)' }] }],
              backends: [{ name: 'cart', namespace: 'shop', port: 8080 }],
            },
          ],
        },
      ],
    });
    const problems = validateGateway(model);
    expect(problems).toContainEqual({ source: 'shop/web', field: 'routes[0].matches[0].path.value', message: expect.stringMatching(/^"\/a\\\\Z" is refused by RE2 .*use \\z/) });
    expect(problems).toContainEqual({ source: 'shop/web', field: 'routes[0].matches[0].headers[0].value', message: expect.stringMatching(/^"\(\?=a\)" is refused by RE2 .*no lookahead/) });
  });

  test('the operator refuses a custom resource with such a regex, with the spec field in its status', () => {
    const service = cr('ExposedService', 'shop', 'web', {
      gateway: { name: 'public', namespace: 'istio-ingress' },
      backend: { serviceName: 'web', port: 8000, portName: 'http' },
      hosts: ['web.example.com'],
      routes: [{ matches: [{ path: { regex: '/v[0-9]+\\Z' } }] }],
    });
    const gateway = cr('IngressGateway', 'istio-ingress', 'public', { api: { istio: {} } });
    const outcome = sync('ExposedService', syncRequest(service, { related: [gateway, service] }));
    const condition = (outcome as any).response.status.conditions[0];
    expect(condition.reason).toBe('InvalidSpec');
    expect(condition.message).toMatch(/^spec\.routes\[0\]\.matches\[0\]\.path: "\/v\[0-9\]\+\\\\Z" is refused by RE2 .*use \\z \(end of text\) or \$$/);
  });

  test('the explainer matches as RE2 does: whole input, RE2 classes and anchors', () => {
    expect(fullMatchRegex('/\\pL+')!.test('/héllo')).toBe(true);
    expect(fullMatchRegex('/\\pL+')!.test('/h3llo')).toBe(false);
    expect(fullMatchRegex('/a\\z')!.test('/a')).toBe(true);
    expect(fullMatchRegex('/x(?i:abc)')!.test('/xABC')).toBe(true);
    expect(fullMatchRegex('/a\\Z')).toBeUndefined();
  });
});

describe('regular expressions no request can match', () => {
  test('a raw control character is refused in every regex: HTTP carries none in a path or header value', () => {
    expect(checkRegex('/a\nb')).toBe('contains the control character U+000A, which no request can carry, so it would never match; remove it');
    expect(checkRegex('x\u0000')).toMatch(/^contains the control character U\+0000/);
    expect(checkRegex('a\tb')).toBeUndefined(); // HTAB may occur in a header value
    const error = validationError(exposed(IngressApi.istio(), RouteMatch.of({ headers: { 'x-v': StringMatch.regex('v1\u001b') } })));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe('[test/web] routes[0].matches[0].headers["x-v"]: "v1\\u001b" contains the control character U+001B, which no request can carry, so it would never match; remove it');
  });

  test('a path regex must be ASCII (a path carries other characters percent-encoded); a header regex need not', () => {
    expect(checkPathRegex('/é+')).toMatch(/outside ASCII, which a request path only carries percent-encoded \(é as %C3%A9\)/);
    expect(checkPathRegex('/%C3%A9+')).toBeUndefined();
    expect(checkPathRegex('/\\pL+')).toBeUndefined();
    const error = validationError(exposed(IngressApi.gatewayApi(), RouteMatch.pathRegex('/café/.*')));
    expect(error.message).toMatch(/^\[test\/web\] routes\[0\]\.matches\[0\]\.path: "\/café\/\.\*" contains a character outside ASCII/);
    expect(() => exposed(IngressApi.istio(), RouteMatch.of({ headers: { 'x-name': StringMatch.regex('José|Zoë') } }))()).not.toThrow();
  });
});
