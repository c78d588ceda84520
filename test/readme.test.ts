import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Chart } from 'cdk8s';
import { buildExamples } from '../examples/main';
import { ExposedService, HttpbinApp, IngressGateway } from '../src';
import { validationError } from './support/synth';

// What the README shows must be what the code does.

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

function section(from: string, to: string): string {
  const start = README.indexOf(from);
  const end = README.indexOf(to, start);
  if (start < 0 || end < 0) throw new Error(`README section "${from}" ... "${to}" not found`);
  return README.slice(start, end);
}

/** The code blocks (``` fenced, no language) of a README section. */
function plainBlocks(text: string): string[] {
  return [...text.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1].trimEnd());
}

test('the scenario table lists every example chart, and no other', () => {
  const table = section('### The other scenarios', 'Each chart stands on its own');
  const listed = table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1].matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]));
  const charts = buildExamples(new App()).charts.map((chart) => chart.node.id);
  expect([...listed].sort()).toStrictEqual([...charts].sort());
});

test("the error examples are the library's messages", () => {
  const [constructError, synthError] = plainBlocks(section('## Errors', 'Checked today, for every API'));

  const app = new App();
  const chart = new Chart(app, 'httpbin-istio-api');
  const gateway = new IngressGateway(chart, 'httpbin-gateway');
  expect(validationError(() => new ExposedService(chart, 'httpbin-ingress', { name: 'httpbin', gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['Httpbin.example.com'] })).message).toBe(
    constructError,
  );

  const shopApp = new App({ outdir: join(__dirname, 'never-written') });
  const shop = new Chart(shopApp, 'shop');
  const gw = new IngressGateway(shop, 'gw', { hosts: ['*.example.com'] });
  new ExposedService(shop, 'stray', { gateway: gw, backend: new HttpbinApp(shop, 'httpbin'), hosts: ['www.example.com', 'example.org'] });
  expect(validationError(() => shopApp.synth()).message).toBe(synthError);
});

test('the Python walkthrough is the chart of examples/python/istio_api.py', () => {
  const [python] = [...section('## Worked example', '### The other scenarios').matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]);
  const example = readFileSync(join(__dirname, '..', 'examples', 'python', 'istio_api.py'), 'utf8');
  const statements = (text: string) =>
    text
      .split('\n')
      .map((line) => line.trim().replaceAll('(self', '(chart').replace(/^self,$/, 'chart,'))
      .filter((line) => line !== '');
  const body = python.slice(python.indexOf('gateway = '), python.indexOf('app.synth()'));
  const expected = statements(example.slice(example.indexOf('gateway = '), example.indexOf('class HttpbinIstioApiAnyHost')));
  expect(statements(body)).toStrictEqual(expected);
  expect(python).toMatch(/^from cdk8s_istio_ingress import /m);
});
