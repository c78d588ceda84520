import { Document, LineCounter, parseDocument } from 'yaml';
import { ManifestError } from './errors';
import type { RouteExplainer } from './explainer';
import { showRef } from './manifests';
import { ExplainRequest, ExplainResult, GatewaySelector, RouteOutcome } from './result';
import { definedFields, extended } from '../model/objects';

/** What a route test expects; every expectation given must hold. */
export interface RouteExpectation {
  /**
   * @default - any outcome
   */
  readonly outcome?: RouteOutcome;
  /**
   * The status the gateway answers with itself (404, 301, 500, a direct response's).
   * @default - not checked
   */
  readonly status?: number;
  /**
   * Backends as `name.namespace[:port]`, each with ` <weight>%` when the rule splits traffic.
   * @default - not checked
   */
  readonly backends?: string[];
  /**
   * The redirect's Location.
   * @default - not checked
   */
  readonly redirect?: string;
  /**
   * The route object that answers, as `Kind namespace/name`.
   * @default - not checked
   */
  readonly route?: string;
}

/** One route test: a request and what must happen to it. */
export interface RouteTest {
  readonly name: string;
  readonly request: ExplainRequest;
  readonly expect: RouteExpectation;
  /** Where the test is written (`file:line`). */
  readonly source: string;
}

/** A test that did not hold. */
export interface RouteTestFailure {
  readonly test: RouteTest;
  /** Each expectation that failed, as "expected ..., got ...". */
  readonly mismatches: string[];
  readonly result: ExplainResult;
}

export interface RouteTestReport {
  readonly passed: number;
  readonly failures: RouteTestFailure[];
}

const OUTCOMES = Object.values(RouteOutcome) as string[];
const TEST_KEYS = ['name', 'request', 'headers', 'gateway', 'expect'];
const EXPECT_KEYS = ['outcome', 'status', 'backend', 'backends', 'redirect', 'route'];

/**
 * A file of route tests, checked against an explainer in CI:
 *
 * ```yaml
 * gateway: istio-ingress/httpbin-gateway     # optional: the default for every test
 * tests:
 *   - name: status pages reach httpbin
 *     request: GET http://httpbin.example.com/status/200
 *     headers: { x-canary: always }           # optional
 *     expect:
 *       backend: httpbin.default:8000          # or backends: [a.ns:80 90%, b.ns:80 10%]
 *   - name: anything else is 404
 *     request: GET http://httpbin.example.com/headers
 *     expect: { status: 404 }
 * ```
 *
 * Each test needs at least one of `outcome`, `status`, `backend(s)`, `redirect`, `route`.
 */
export class RouteTestSuite {
  /** Reads a route test file; a mistake in it is a ManifestError naming `file:line`. */
  public static parse(text: string, source: string = 'routes-test.yaml'): RouteTestSuite {
    if (typeof text !== 'string') throw new ManifestError(source, '', 'expected the text of a route test file');
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
    const at = (path: (string | number)[]) => {
      const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
      const range = node?.range ?? (path.length > 0 ? (document.getIn(path.slice(0, -1), true) as { range?: [number, number, number] } | undefined)?.range : undefined);
      return range ? `${source}:${lines.linePos(range[0]).line}` : source;
    };
    if (document.errors.length > 0) {
      const error = document.errors[0];
      throw new ManifestError(`${source}:${lines.linePos(error.pos[0]).line}`, '', `not valid YAML: ${error.message.split('\n')[0]}`);
    }
    return new RouteTestSuite(readSuite(document, at));
  }

  private constructor(public readonly tests: RouteTest[]) {}

  /** Explains every test's request and compares the answer with the expectations. */
  public check(explainer: RouteExplainer): RouteTestReport {
    const failures: RouteTestFailure[] = [];
    for (const test of this.tests) {
      const result = explainer.explain(test.request);
      const mismatches = compare(test.expect, result);
      if (mismatches.length > 0) failures.push({ test, mismatches, result });
    }
    return { passed: this.tests.length - failures.length, failures };
  }
}

type Locate = (path: (string | number)[]) => string;

function readSuite(document: Document, at: Locate): RouteTest[] {
  const data = document.toJS() as unknown;
  const fail = (path: (string | number)[], message: string): never => {
    throw new ManifestError(at(path), path.join('.'), message);
  };
  if (!data || typeof data !== 'object' || Array.isArray(data)) fail([], 'expected a map with tests: [...]');
  const root = data as Record<string, unknown>;
  for (const key of Object.keys(root)) if (key !== 'tests' && key !== 'gateway') fail([key], `unknown key; a route test file has gateway and tests`);
  const defaultGateway = root.gateway === undefined ? undefined : gatewayOf(root.gateway, ['gateway'], fail);
  if (!Array.isArray(root.tests) || root.tests.length === 0) fail(['tests'], 'expected a non-empty list of tests');
  return (root.tests as unknown[]).map((item, i): RouteTest => {
    const path = ['tests', i];
    if (!item || typeof item !== 'object' || Array.isArray(item)) fail(path, 'expected a test: { name, request, expect }');
    const test = item as Record<string, unknown>;
    for (const key of Object.keys(test)) if (!TEST_KEYS.includes(key)) fail([...path, key], `unknown key; a test has ${TEST_KEYS.join(', ')}`);
    const name = typeof test.name === 'string' && test.name !== '' ? test.name : fail([...path, 'name'], 'every test needs a name');
    const request = requestOf(test, path, fail);
    const gateway = test.gateway !== undefined ? gatewayOf(test.gateway, [...path, 'gateway'], fail) : defaultGateway;
    return { name, request: gateway ? extended(request, { gateway }) : request, expect: expectationOf(test.expect, [...path, 'expect'], fail), source: at(path) };
  });
}

function requestOf(test: Record<string, unknown>, path: (string | number)[], fail: (path: (string | number)[], message: string) => never): ExplainRequest {
  const text = test.request;
  if (typeof text !== 'string') return fail([...path, 'request'], 'expected "METHOD URL", such as "GET http://httpbin.example.com/status/200"');
  const parts = text.trim().split(/\s+/);
  const [method, url] = parts.length === 1 ? ['GET', parts[0]] : parts;
  if (parts.length > 2 || !url) fail([...path, 'request'], 'expected "METHOD URL", such as "GET http://httpbin.example.com/status/200"');
  const headers: Record<string, string> = {};
  if (test.headers !== undefined) {
    if (!test.headers || typeof test.headers !== 'object' || Array.isArray(test.headers)) fail([...path, 'headers'], 'expected a map of header names to values');
    for (const [name, value] of Object.entries(test.headers as Record<string, unknown>)) {
      if (typeof value !== 'string' && typeof value !== 'number') fail([...path, 'headers', name], 'expected a header value');
      headers[name] = String(value);
    }
  }
  return { method, url, ...(Object.keys(headers).length > 0 ? { headers } : {}) };
}

function gatewayOf(value: unknown, path: (string | number)[], fail: (path: (string | number)[], message: string) => never): GatewaySelector {
  if (typeof value !== 'string' || value === '') return fail(path, 'expected namespace/name of a Gateway, or an Ingress class name');
  const slash = value.indexOf('/');
  return slash < 0 ? { name: value } : { namespace: value.slice(0, slash), name: value.slice(slash + 1) };
}

function expectationOf(value: unknown, path: (string | number)[], fail: (path: (string | number)[], message: string) => never): RouteExpectation {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return fail(path, `expected a map with at least one of ${EXPECT_KEYS.join(', ')}`);
  const expect = value as Record<string, unknown>;
  for (const key of Object.keys(expect)) if (!EXPECT_KEYS.includes(key)) fail([...path, key], `unknown key; expect takes ${EXPECT_KEYS.join(', ')}`);
  if (Object.keys(expect).length === 0) fail(path, `expected at least one of ${EXPECT_KEYS.join(', ')}`);
  if (expect.outcome !== undefined && !OUTCOMES.includes(expect.outcome as string)) fail([...path, 'outcome'], `expected one of ${OUTCOMES.join(', ')}`);
  if (expect.status !== undefined && (typeof expect.status !== 'number' || !Number.isInteger(expect.status))) fail([...path, 'status'], 'expected an HTTP status code');
  if (expect.backend !== undefined && expect.backends !== undefined) fail([...path, 'backends'], 'give backend or backends, not both');
  const backends = expect.backend !== undefined ? [expect.backend] : expect.backends;
  if (backends !== undefined && (!Array.isArray(backends) || backends.some((b) => typeof b !== 'string' || !BACKEND.test(b)))) {
    fail([...path, expect.backend !== undefined ? 'backend' : 'backends'], 'expected name.namespace[:port][ weight%], such as httpbin.default:8000');
  }
  for (const key of ['redirect', 'route'] as const) if (expect[key] !== undefined && typeof expect[key] !== 'string') fail([...path, key], 'expected a string');
  return definedFields({
    outcome: expect.outcome as RouteOutcome | undefined,
    status: expect.status as number | undefined,
    backends: backends as string[] | undefined,
    redirect: expect.redirect as string | undefined,
    route: expect.route as string | undefined,
  });
}

const BACKEND = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d+)?( \d+(\.\d+)?%)?$/;

function showBackends(result: ExplainResult): string[] {
  return result.backends.map((b) => `${b.name}${b.namespace ? `.${b.namespace}` : ''}${b.port !== undefined ? `:${b.port}` : ''}${b.weight !== 100 ? ` ${b.weight}%` : ''}`);
}

function compare(expect: RouteExpectation, result: ExplainResult): string[] {
  const mismatches: string[] = [];
  const got = `${result.outcome}${result.statusCode !== undefined ? ` ${result.statusCode}` : ''}`;
  if (expect.outcome !== undefined && expect.outcome !== result.outcome) mismatches.push(`expected outcome ${expect.outcome}, got ${got}`);
  if (expect.status !== undefined && expect.status !== result.statusCode) mismatches.push(`expected status ${expect.status}, got ${result.statusCode === undefined ? `${result.outcome} (the backend answers)` : got}`);
  if (expect.backends !== undefined) {
    const actual = showBackends(result);
    // A port or weight left out of the expectation is not compared.
    const matchesOne = (wanted: string, have: string) => {
      const [w, wWeight] = wanted.split(' ');
      const [h, hWeight] = have.split(' ');
      return (w === h || (!w.includes(':') && h.startsWith(`${w}:`))) && (wWeight === undefined || wWeight === (hWeight ?? '100%'));
    };
    const ok = expect.backends.length === actual.length && expect.backends.every((wanted) => actual.some((have) => matchesOne(wanted, have)));
    if (!ok) mismatches.push(`expected backends ${expect.backends.join(', ')}, got ${actual.length > 0 ? actual.join(', ') : got}`);
  }
  if (expect.redirect !== undefined && expect.redirect !== result.redirect?.location) mismatches.push(`expected a redirect to ${expect.redirect}, got ${result.redirect ? `a redirect to ${result.redirect.location}` : got}`);
  if (expect.route !== undefined) {
    const actual = result.route ? showRef(result.route.object) : 'no route';
    if (expect.route !== actual) mismatches.push(`expected route ${expect.route}, got ${actual}`);
  }
  return mismatches;
}
