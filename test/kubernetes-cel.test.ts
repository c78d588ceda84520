import { CelCompileError, compileCel, isCelError, referencesOldSelf, type CelInput } from './support/kubernetes-cel';
import { escapeCelName } from './support/structural-schema';
import { vendoredRules } from './support/vendored-schemas';

function run(expression: string, self: CelInput = null): unknown {
  const result = compileCel(expression)(self);
  return isCelError(result) ? `error: ${result.message}` : result;
}

describe('the rules of the vendored CRDs', () => {
  const rules = vendoredRules();

  test('every rule and message expression compiles', () => {
    const failures: string[] = [];
    for (const { origin, rule } of rules) {
      for (const expression of [rule.rule, rule.messageExpression]) {
        if (expression === undefined) continue;
        try {
          compileCel(expression);
        } catch (e) {
          if (!(e instanceof CelCompileError)) throw e;
          failures.push(`${origin}: ${expression}\n  ${e.message}`);
        }
      }
    }
    expect(failures).toStrictEqual([]);
  });

  test('are many, but few distinct ones, each compiled once', () => {
    const distinct = new Set(rules.map((r) => r.rule.rule));
    // Counted once per distinct version schema; the upstream files repeat them in every version.
    expect(rules.length).toBeGreaterThan(500);
    expect(distinct.size).toBeLessThan(200);
    // compileCel caches by text: compiling again returns the same program.
    const [first] = distinct;
    expect(compileCel(first)).toBe(compileCel(first));
  });

  test('transition rules are recognised by their use of oldSelf', () => {
    const transition = [...new Set(rules.map((r) => r.rule.rule))].filter(referencesOldSelf);
    expect(transition).toStrictEqual(['self == oldSelf']);
    expect(referencesOldSelf("self.name == 'oldSelf'")).toBe(false);
  });
});

describe('compile checks', () => {
  test('fails on functions the environment does not have', () => {
    expect(() => compileCel("quantity('1Gi').isGreaterThan(quantity('1Mi'))")).toThrow(/no matching overload for 'quantity' function with 1 argument/);
    expect(() => compileCel("'a'.startsWith()")).toThrow(/no matching overload for 'startsWith' method with 0 argument/);
  });

  test('fails on variables other than self and oldSelf', () => {
    expect(() => compileCel('object.metadata.name == self')).toThrow(/undeclared reference to 'object'/);
    expect(() => compileCel('self.all(x, x > y)')).toThrow(/undeclared reference to 'y'/);
    expect(compileCel('self.all(x, self.exists(y, x == y))')).toBeInstanceOf(Function);
  });

  test('fails on syntax errors', () => {
    expect(() => compileCel('self.a ==')).toThrow(CelCompileError);
  });
});

describe('integer and double typing', () => {
  test('JSON integers of integer fields must be CEL ints (bigint) for int arithmetic', () => {
    expect(run('self + 1 == 3', 2n)).toBe(true);
    expect(run('self + 1 == 3', 2)).toMatch(/^error: .*overload/);
  });
});

describe('Kubernetes URL library (Go net/url semantics)', () => {
  test.each([
    ['https://user:pass@example.com:80/path?query=val#fragment', true],
    ['/absolute-path', true],
    ['https://a:b:c/', false],
    ['../relative-path', false],
    ['ghcr.io/istio/wasm:1.0', false],
    ['http://ghcr.io/istio/wasm:1.0', true],
    ['http://exa mple.com/', false],
    ['http://example.com/a b', true],
    ['mailto:ops@example.com', true],
    ['http://[::1]:8080/', true],
    ['http://[::1/', false],
    ['http://example.com:8x/', false],
    ['http://example.com/%zz', false],
    ['', false],
  ])('isURL(%j) is %s', (url, expected) => {
    expect(run(`isURL('${url}')`)).toBe(expected);
  });

  test('accessors follow the Kubernetes documentation examples', () => {
    expect(run("url('/path').getScheme()")).toBe('');
    expect(run("url('https://example.com/').getScheme()")).toBe('https');
    expect(run("url('HTTPS://example.com/').getScheme()")).toBe('https');
    expect(run("url('https://example.com:80/').getHost()")).toBe('example.com:80');
    expect(run("url('https://[::1]:80/').getHost()")).toBe('[::1]:80');
    expect(run("url('https://[::1]:80/').getHostname()")).toBe('::1');
    expect(run("url('https://example.com:80/').getPort()")).toBe('80');
    expect(run("url('https://example.com/').getPort()")).toBe('');
    expect(run("url('https://example.com/path with spaces/').getEscapedPath()")).toBe('/path%20with%20spaces/');
    expect(run("url('https://example.com').getEscapedPath()")).toBe('');
    expect(run("url('https://example.com/a%2Fb').getEscapedPath()")).toBe('/a%2Fb');
    expect(run("url('https://example.com/path?k1=a&k2=b&k2=c').getQuery() == {'k1': ['a'], 'k2': ['b', 'c']}")).toBe(true);
    expect(run("url('https://example.com/path?').getQuery() == {}")).toBe(true);
    expect(run("url('https://example.com/p#frag').getEscapedPath()")).toBe('/p');
  });

  test('url() of an invalid URL is an error', () => {
    expect(run("url('../x')")).toMatch(/^error: URL parse error during conversion from string: parse "..\/x": invalid URI for request/);
  });
});

describe('Kubernetes IP library (Go net/netip semantics)', () => {
  test.each([
    ['127.0.0.1', true],
    ['::1', true],
    ['2001:db8::abcd', true],
    ['::', true],
    ['1:2:3:4:5:6:1.2.3.4', true],
    ['127.0.0.256', false],
    [':::1', false],
    ['01.2.3.4', false],
    ['1.2.3', false],
    ['::ffff:1.2.3.4', false],
    ['fe80::1%eth0', false],
    ['1::2::3', false],
    ['1:2:3:4:5:6:7:8:9', false],
    ['1:2:3:4:5:6:7::8', false],
    ['12345::', false],
    ['example.com', false],
  ])('isIP(%j) is %s', (ip, expected) => {
    expect(run(`isIP('${ip}')`)).toBe(expected);
  });

  test('canonical form and classification follow the Kubernetes documentation examples', () => {
    expect(run("ip.isCanonical('127.0.0.1')")).toBe(true);
    expect(run("ip.isCanonical('2001:db8::abcd')")).toBe(true);
    expect(run("ip.isCanonical('2001:DB8::ABCD')")).toBe(false);
    expect(run("ip.isCanonical('2001:db8::0:0:0:abcd')")).toBe(false);
    expect(run("string(ip('2001:db8:0:0:1:0:0:1'))")).toBe('2001:db8::1:0:0:1');
    expect(run("ip('::1').family() == 6 && ip('127.0.0.1').family() == 4")).toBe(true);
    expect(run("ip('0.0.0.0').isUnspecified() && ip('::').isUnspecified() && !ip('::1').isUnspecified()")).toBe(true);
    expect(run("ip('127.0.0.1').isLoopback() && ip('::1').isLoopback() && !ip('2001:db8::abcd').isLoopback()")).toBe(true);
    expect(run("ip('224.0.0.1').isLinkLocalMulticast() && !ip('224.0.1.1').isLinkLocalMulticast() && ip('ff02::1').isLinkLocalMulticast()")).toBe(true);
    expect(run("ip('169.254.169.254').isLinkLocalUnicast() && ip('fe80::1').isLinkLocalUnicast() && !ip('fd80::1').isLinkLocalUnicast()")).toBe(true);
    expect(run("ip('192.168.0.1').isGlobalUnicast() && !ip('255.255.255.255').isGlobalUnicast() && !ip('ff00::1').isGlobalUnicast()")).toBe(true);
    expect(run("ip('10.0.0.1') == ip('10.0.0.1') && ip('::1') != ip('::2')")).toBe(true);
  });
});

describe('Kubernetes format library', () => {
  test('validate() returns an optional: none when valid, the problems otherwise', () => {
    expect(run("format.dns1123Label().validate('my-name').hasValue()")).toBe(false);
    expect(run("format.dns1123Label().validate('My_Name').hasValue()")).toBe(true);
    expect(run("format.dns1123Label().validate('My_Name').value()[0]")).toMatch(/^a lowercase RFC 1123 label must consist of/);
    expect(run("format.dns1123Subdomain().validate('apiextensions.k8s.io').orValue([]) == []")).toBe(true);
    expect(run("format.qualifiedName().validate('apiextensions.k8s.io/v1beta1').hasValue()")).toBe(false);
    expect(run("format.dns1035Label().validate('1abc').hasValue()")).toBe(true);
    expect(run("format.dns1123LabelPrefix().validate('my-label-prefix-').hasValue()")).toBe(false);
    expect(run("format.labelValue().validate('').hasValue()")).toBe(false);
    expect(run("format.uri().validate('http://example.com').hasValue()")).toBe(false);
    expect(run("format.byte().validate('aGVsbG8=').hasValue()")).toBe(false);
    expect(run("format.date().validate('2021-02-29').value() == ['invalid date']")).toBe(true);
    expect(run("format.datetime().validate('2021-01-01T00:00:00Z').hasValue()")).toBe(false);
    expect(run("format.dns1123Label().validate('My_Name') == format.dns1123Label().validate('My_Name')")).toBe(true);
  });

  test('an optional is never equal to null, as in cel-go (so XBackend port names never pass)', () => {
    expect(run("format.dns1123Label().validate('my-name') == null")).toBe(false);
  });
});

describe('property names as CEL sees them', () => {
  test.each([
    ['namespace', '__namespace__'],
    ['if', '__if__'],
    ['x-prop', 'x__dash__prop'],
    ['redact__d', 'redact__underscores__d'],
    ['foo.example.com/bar', 'foo__dot__example__dot__com__slash__bar'],
    ['sectionName', 'sectionName'],
    ['1abc', undefined],
    ['a b', undefined],
  ])('%s is %s', (name, escaped) => {
    expect(escapeCelName(name)).toBe(escaped);
  });
});

describe('regular expressions in rules are RE2', () => {
  test('inline flags and raw strings work', () => {
    expect(run(`self.matches(r"""^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$""")`, 'Grpc.Health')).toBe(true);
    expect(run(`self.matches('^[a-z]+$')`, 'abc\n')).toBe(false);
  });
});
