import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

describe('API.md: the reference jsii-docgen writes from the jsii assembly', () => {
  test('jsii compiles the library (0 errors) and API.md is what jsii-docgen writes for it now', () => {
    // Compiles src/ with jsii (into lib/ and .jsii, as `npm run jsii` does), then compares API.md with docgen's output.
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'jsii.mjs'), '--check-api-md'], { cwd: ROOT, encoding: 'utf8' });
    expect({ status: result.status, output: result.status === 0 ? '' : `${result.stdout}${result.stderr}` }).toStrictEqual({ status: 0, output: '' });
  }, 180_000);

  test('API.md documents the constructs in TypeScript', () => {
    const api = readFileSync(path.join(ROOT, 'API.md'), 'utf8');
    for (const name of ['IngressGateway', 'ExposedService', 'TlsIngress', 'HttpbinApp', 'IngressOperator', 'RouteExplainer']) {
      expect(api).toContain(`### ${name} <a name="${name}" id="cdk8s-istio-ingress.${name}">`);
    }
    expect(api).toContain("import { ExposedService } from 'cdk8s-istio-ingress'");
  });
});
