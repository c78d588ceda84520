import { ApiObject, App, Chart } from 'cdk8s';

/**
 * The floor of `cdk8s synth`: one chart with one object, precompiled like
 * the examples. Timing the CLI on it measures what any app pays (npx, the CLI,
 * starting Node, loading cdk8s, writing a file), against which the examples'
 * synthesis is compared.
 */
const app = new App();
const chart = new Chart(app, 'trivial');
new ApiObject(chart, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'trivial' }, data: { synthesised: 'true' } });
app.synth();
