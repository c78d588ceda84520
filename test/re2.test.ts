import { parse } from '@bufbuild/cel';
import { compileRe2, compileRe2Exact, translateRe2 } from './support/re2';
import { forEachNode, vendoredRules, vendoredSchemas } from './support/vendored-schemas';

type Expr = ReturnType<typeof parse>['expr'];

/** String literals passed to matches() in a CEL expression. */
function matchesLiterals(expr: Expr, into: Set<string>): void {
  const kind = expr.exprKind;
  if (kind.case === 'callExpr') {
    const { function: name, target, args } = kind.value;
    if (name === 'matches') {
      for (const arg of args) {
        if (arg.exprKind.case === 'constExpr' && arg.exprKind.value.constantKind.case === 'stringValue') into.add(arg.exprKind.value.constantKind.value);
      }
    }
    if (target) matchesLiterals(target, into);
    args.forEach((arg) => matchesLiterals(arg, into));
  } else if (kind.case === 'selectExpr' && kind.value.operand) {
    matchesLiterals(kind.value.operand, into);
  } else if (kind.case === 'comprehensionExpr') {
    for (const part of [kind.value.iterRange, kind.value.accuInit, kind.value.loopCondition, kind.value.loopStep, kind.value.result]) {
      if (part) matchesLiterals(part, into);
    }
  }
}

function vendoredPatterns(): string[] {
  const patterns = new Set<string>();
  for (const { schema } of vendoredSchemas()) {
    forEachNode(schema, (node) => {
      if (typeof node.pattern === 'string') patterns.add(node.pattern);
    });
  }
  for (const { rule } of vendoredRules()) matchesLiterals(parse(rule.rule).expr, patterns);
  return [...patterns].sort();
}

const PROBES = [
  '', 'a', 'A', 'z9', '-', 'a-', '-a', 'a-b', 'a_b', 'a.b', 'a..b', '.a', 'a.', 'example.com', 'Example.COM', '*.example.com',
  '*', '*.', 'a*', 'foo/bar', 'example.com/foo', 'example.com/Foo_bar', 'System', 'Hostname', 'IPAddress', '10.0.0.1',
  '/', '/status', '/a//b', '/a%2Fb', '%zz', 'http://example.com', 'https://*.example.com:8443', 'http://a', 'oci://x',
  '100m', '1Gi', '1.5', '+1e3', '-.5', '1Ki', 'abc', '4s', '10ms', '1h30m', '999999h', '0s',
  'a b', 'a\tb', 'a\nb', 'a\rb', 'x\u00a0y', 'äöü', '😀', 'ſ', '\u212a', 'grpc.health.v1', '.Grpc_Service',
  'ACCEPT', 'x-forwarded-for', "a!#$%&'*+-.^_`|~z", 'Bearer abc', 'tab\there', 'a'.repeat(64), 'a'.repeat(254),
  'f'.repeat(64), 'F'.repeat(64), 'a1:b2,c3', 'ns/name', 'a/b/c',
];

describe('RE2 patterns', () => {
  const patterns = vendoredPatterns();

  test('every pattern of the vendored schemas and rules runs natively and agrees with the RE2 engine', () => {
    expect(patterns.length).toBeGreaterThan(20);
    const untranslated = patterns.filter((p) => translateRe2(p) === undefined);
    expect(untranslated).toStrictEqual([]);
    const disagreements: string[] = [];
    for (const pattern of patterns) {
      const native = compileRe2(pattern);
      const exact = compileRe2Exact(pattern);
      for (const probe of PROBES) {
        if (native.test(probe) !== exact.test(probe)) disagreements.push(`${pattern} on ${JSON.stringify(probe)}`);
      }
    }
    expect(disagreements).toStrictEqual([]);
  });

  test.each([
    ['.', '\r'],
    ['^a.b$', 'a\u2028b'],
    ['^\\s$', '\u00a0'],
    ['^\\S$', '\u00a0'],
    ['^a\\z', 'a'],
    ['^[]a]+$', ']a]'],
    ['^[^]a]+$', 'bc'],
    ['^a{$', 'a{'],
    ['^a{2}$', 'aa'],
    ['^a}$', 'a}'],
    ['^\\!\\#\\%$', '!#%'],
    ['^[\\!-\\#]+$', '"!#'],
    ['^\\x41\\x{1F600}$', 'A😀'],
    ['(?i)^abc$', 'aBc'],
    ['^(?i)abc$', 'ABC'],
    ['^(?P<word>[a-z]+)$', 'abc'],
    ['^(?:ab)+$', 'abab'],
  ])('translates %j with RE2 meaning (on %j)', (pattern, input) => {
    expect(translateRe2(pattern)).toBeInstanceOf(RegExp);
    expect(compileRe2(pattern).test(input)).toBe(compileRe2Exact(pattern).test(input));
  });

  test.each([
    ['^\\pL+$', 'äb'],
    ['^[[:alpha:]]+$', 'ab'],
    ['(?s)^a.b$', 'a\nb'],
    ['^a(?i)b$', 'aB'],
    ['^\\Qa.b\\E$', 'a.b'],
  ])('falls back to the RE2 engine for %j', (pattern, input) => {
    expect(translateRe2(pattern)).toBeUndefined();
    expect(compileRe2(pattern).test(input)).toBe(true);
  });

  test('rejects what RE2 rejects', () => {
    expect(() => compileRe2('(?=a)')).toThrow();
    expect(() => compileRe2('a**')).toThrow();
  });
});
