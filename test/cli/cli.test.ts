import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { buildExamples } from '../../examples/main';
import { Progress } from '../../src/cli/load';
import { CompiledCli } from '../support/cli';

/**
 * The CLI as a user runs it: a real `node` process on the examples' YAML as
 * `cdk8s synth` writes it (dist/<chart>.k8s.yaml), in a scratch directory.
 */
describe('cdk8s-istio-ingress CLI', () => {
  let cli: CompiledCli;
  let cwd: string;
  const run = (...args: string[]) => cli.run(args, { cwd });

  beforeAll(() => {
    cli = new CompiledCli();
    cwd = mkdtempSync(join(tmpdir(), 'cdk8s-istio-ingress-cli-test-'));
    buildExamples(new App({ outdir: join(cwd, 'dist') })).synth();
    mkdirSync(join(cwd, 'bad'));
  });

  afterAll(() => {
    cli.dispose();
    rmSync(cwd, { recursive: true, force: true });
  });

  test('explain: the walkthrough\'s /headers request gets 404, and the output says why (the README shows this output)', () => {
    const { status, stdout, stderr } = run('explain', '-f', 'dist/httpbin-istio-api.k8s.yaml', 'GET', 'http://httpbin.example.com/headers');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^GET http:\/\/httpbin\.example\.com\/headers\n {2}outcome {3}not-found \(404\)\n {2}gateway {3}istio-ingress\/httpbin-gateway\n/);
    expect(stdout).toContain('no-match: VirtualService default/httpbin spec.http[0].match[0] (dist/httpbin-istio-api.k8s.yaml:');
    expect(stdout).toContain('prefix /status: path /headers does not start with /status');
    expect(stdout).toContain('prefix /delay: path /headers does not start with /delay');
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const block = /\$ npx cdk8s-istio-ingress explain -f dist\/httpbin-istio-api\.k8s\.yaml GET http:\/\/httpbin\.example\.com\/headers\n([\s\S]*?)```/.exec(readme);
    expect(block?.[1]).toBe(stdout);
  });

  test('check: the README\'s route test file passes on the canary example, with the output the README shows', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const file = /```yaml\n(# routes-test\.yaml\n[\s\S]*?)```/.exec(readme)![1];
    writeFileSync(join(cwd, 'routes-test.yaml'), file);
    const { status, stdout } = run('check', '-f', 'dist/httpbin-istio-api-canary.k8s.yaml', 'routes-test.yaml');
    expect(status).toBe(0);
    const shown = /\$ npx cdk8s-istio-ingress check -f dist\/httpbin-istio-api-canary\.k8s\.yaml routes-test\.yaml\n([\s\S]*?)```/.exec(readme)![1];
    expect(stdout).toBe(shown);
  });

  test('routes: the README shows the canary example\'s table and picture as the CLI prints them', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const table = /\(`dist\/httpbin-istio-api-canary\.k8s\.yaml`\):\n\n```\n([\s\S]*?)```/.exec(readme)![1];
    expect(run('routes', '-f', 'dist/httpbin-istio-api-canary.k8s.yaml').stdout).toBe(table);
    const picture = /```mermaid\n([\s\S]*?)```/.exec(readme)![1];
    expect(run('routes', '-f', 'dist/httpbin-istio-api-canary.k8s.yaml', '--format', 'mermaid').stdout).toBe(picture);
  });

  test('explain --json prints the result as JSON; -H and --gateway are honoured', () => {
    const { status, stdout } = run('explain', '-f', 'dist/httpbin-istio-api-canary.k8s.yaml', 'GET', 'http://httpbin.example.com/get', '-H', 'x-canary: always', '--gateway', 'istio-ingress/httpbin-gateway', '--json');
    expect(status).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ outcome: 'forward', backends: [{ name: 'httpbin-v2', namespace: 'default', port: 8000, weight: 100 }], route: { ruleName: 'testers' } });
  });

  test('explain reads a whole directory, and says which of its gateways it explained for', () => {
    const { status, stdout } = run('explain', '-f', 'dist', 'http://httpbin.example.com/status/200', '--json');
    expect(status).toBe(0);
    const result = JSON.parse(stdout);
    // Applied together, the charts merge: the last Gateway default/httpbin-gateway (two-hosts TLS) redirects plain HTTP.
    expect(result).toMatchObject({ outcome: 'redirect', gateway: 'default/httpbin-gateway', route: { object: { kind: 'HTTPRoute', name: 'httpbin-tls-https-redirect', source: expect.stringMatching(/^dist\/two-hosts-gateway-api-tls\.k8s\.yaml:\d+$/) } } });
    expect(result.warnings).toContainEqual(
      expect.stringMatching(/^Gateway default\/httpbin-gateway is in the input twice \(dist\/[a-z-]+\.k8s\.yaml:\d+ and dist\/[a-z-]+\.k8s\.yaml:\d+\); a cluster keeps the last one applied, and so does the explainer$/),
    );
    expect(result.warnings.some((w: string) => /^the input has \d+ gateways; explained for /.test(w))).toBe(true);
  });

  test('routes: the table as text, JSON, Mermaid and DOT', () => {
    const text = run('routes', '-f', 'dist/httpbin-istio-api.k8s.yaml');
    expect(text.status).toBe(0);
    expect(text.stdout).toBe(
      [
        'gateway istio-ingress/httpbin-gateway  [Gateway istio-ingress/httpbin-gateway]',
        '  HTTP 80: http (httpbin.example.com)',
        '    host httpbin.example.com',
        '       1. prefix /status  ->  forward httpbin.default:8000',
        '          VirtualService default/httpbin spec.http[0].match[0] (dist/httpbin-istio-api.k8s.yaml:275)',
        '       2. prefix /delay  ->  forward httpbin.default:8000',
        '          VirtualService default/httpbin spec.http[0].match[1] (dist/httpbin-istio-api.k8s.yaml:275)',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(run('routes', '-f', 'dist/httpbin-gateway-api.k8s.yaml', '--format', 'json').stdout).gateways[0].name).toBe('default/httpbin-gateway');
    expect(run('routes', '-f', 'dist/httpbin-istio-api.k8s.yaml', '--format', 'mermaid').stdout).toMatch(/^flowchart LR\n {2}g0\[\["istio-ingress\/httpbin-gateway"\]\]\n/);
    expect(run('routes', '-f', 'dist/httpbin-istio-api.k8s.yaml', '--format', 'dot').stdout).toMatch(/^digraph routes \{\n/);
    const filtered = run('routes', '-f', 'dist', '--gateway', 'default/httpbin-gateway', '--format', 'json');
    expect(JSON.parse(filtered.stdout).gateways.map((g: { name: string }) => g.name)).toStrictEqual(['default/httpbin-gateway']);
  });

  test('check: exit 0 when every expectation holds, 1 with each mismatch explained', () => {
    writeFileSync(
      join(cwd, 'pass.yaml'),
      ['tests:', '  - name: status', '    request: GET http://httpbin.example.com/status/200', '    expect: { backend: httpbin.default:8000 }', '  - name: headers', '    request: GET http://httpbin.example.com/headers', '    expect: { status: 404 }', ''].join('\n'),
    );
    const pass = run('check', '-f', 'dist/httpbin-istio-api.k8s.yaml', 'pass.yaml');
    expect(pass.status).toBe(0);
    expect(pass.stdout).toBe('ok    status\nok    headers\n\n2 passed, 0 failed\n');
    writeFileSync(join(cwd, 'fail.yaml'), ['tests:', '  - name: headers served', '    request: GET http://httpbin.example.com/headers', '    expect: { backend: httpbin.default:8000 }', ''].join('\n'));
    const fail = run('check', '-f', 'dist/httpbin-istio-api.k8s.yaml', 'fail.yaml');
    expect(fail.status).toBe(1);
    expect(fail.stdout).toMatch(/^FAIL {2}headers served \(fail\.yaml:2\)\n {6}expected backends httpbin\.default:8000, got not-found 404\n {6}GET http:\/\/httpbin\.example\.com\/headers\n/);
    expect(fail.stdout).toMatch(/\n0 passed, 1 failed\n$/);
  });

  test.each([
    [['explain', '-f', 'bad/broken.yaml', 'http://x/'], 'broken.yaml', 'kind: Service\nmetadata: { name: [x\n', /^cdk8s-istio-ingress explain: bad\/broken\.yaml:\d+:\d+: not valid YAML: .+\n$/],
    [['explain', '-f', 'dist/httpbin-istio-api.k8s.yaml', '/status/200'], undefined, undefined, /^cdk8s-istio-ingress explain: "\/status\/200" is not an absolute URL with a host; write it as http:\/\/<host>\/<path>\n$/],
    [['explain', '-f', 'dist/httpbin-istio-api.k8s.yaml', 'http://x/', '--gateway', 'nowhere/gw'], undefined, undefined, /^cdk8s-istio-ingress explain: unknown gateway nowhere\/gw; the input has istio-ingress\/httpbin-gateway\n$/],
    [['explain', 'http://x/'], undefined, undefined, /^cdk8s-istio-ingress explain: no manifests: give files or directories with -f\n$/],
    [['explain', '-f', 'missing.yaml', 'http://x/'], undefined, undefined, /^cdk8s-istio-ingress explain: missing\.yaml: no such file or directory\n$/],
    [['explain', '-f', 'bad/list.yaml', 'http://x/'], 'list.yaml', '- 1\n- 2\n', /^cdk8s-istio-ingress explain: bad\/list\.yaml:1: expected an object, found a list\n$/],
    [['explain', '-f', 'bad/nokind.yaml', 'http://x/'], 'nokind.yaml', 'apiVersion: v1\nmetadata: { name: x }\n', /^cdk8s-istio-ingress explain: bad\/nokind\.yaml:1: kind: is required\n$/],
    [['explain', '--frobnicate', 'http://x/'], undefined, undefined, /^cdk8s-istio-ingress explain: unknown option '--frobnicate'/],
    [['routes', '-f', 'dist', '--format', 'svg'], undefined, undefined, /^cdk8s-istio-ingress routes: --format "svg": expected text, json, mermaid, dot\n$/],
    [['check', '-f', 'dist', 'nowhere.yaml'], undefined, undefined, /^cdk8s-istio-ingress check: nowhere\.yaml: no such file\n$/],
    [['frobnicate'], undefined, undefined, /^cdk8s-istio-ingress: unknown command "frobnicate"; commands: explain, routes, check, operator, krm\n$/],
  ])('bad input %j gets one clear line on stderr and exit code 2', (args, file, content, message) => {
    if (file) writeFileSync(join(cwd, 'bad', file), content!);
    const { status, stdout, stderr } = run(...args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  test('no command prints the usage on stderr with exit code 2; --help prints it on stdout', () => {
    expect(run()).toMatchObject({ status: 2, stdout: '' });
    expect(run().stderr).toMatch(/^usage: cdk8s-istio-ingress <command> \[options\]\n\n {2}explain {3}which backend answers a request, and why\n/);
    expect(run('explain', '--help')).toMatchObject({ status: 0, stdout: expect.stringMatching(/^usage: cdk8s-istio-ingress explain -f <file\|dir>/) });
  });

  test('krm: the subcommand renders a ResourceList of custom resources from stdin, as a KRM function does', () => {
    const items = readFileSync(join(__dirname, '..', '..', 'examples', 'operator', 'httpbin.yaml'), 'utf8');
    const list = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items
      .split(/^---$/m)
      .filter((d) => d.trim())
      .map((d) => `  - ${d.trim().split('\n').join('\n    ')}`)
      .join('\n')}\n`;
    const { status, stdout, stderr } = cli.run(['krm'], { cwd, input: list });
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^apiVersion: config\.kubernetes\.io\/v1\nkind: ResourceList\n/);
    expect(stdout).toContain('kind: VirtualService');
  });

  test('loading shows no progress line when it is quick', () => {
    expect(run('routes', '-f', 'dist').stderr).toBe('');
  });
});

describe('progress line', () => {
  test('appears only once loading has taken more than a second, then at most once a second', () => {
    let now = 0;
    const lines: string[] = [];
    const progress = new Progress({ out: () => undefined, err: (t) => lines.push(t) }, () => now);
    now = 900;
    progress.tick('read 1 of 3 files');
    expect(lines).toStrictEqual([]);
    now = 1100;
    progress.tick('read 2 of 3 files');
    now = 1500;
    progress.tick('read 3 of 3 files');
    now = 2300;
    progress.done('9 objects');
    expect(lines).toStrictEqual(['loading manifests: read 2 of 3 files...\n', 'loaded 9 objects in 2.3 s\n']);
    const quick: string[] = [];
    const fast = new Progress({ out: () => undefined, err: (t) => quick.push(t) }, () => 10);
    fast.tick('x');
    fast.done('x');
    expect(quick).toStrictEqual([]);
  });
});
