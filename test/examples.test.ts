import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { buildExamples } from '../examples/main';
import { assertSecure, synthApp } from './support/synth';

describe('example app (one chart per walkthrough scenario)', () => {
  const app = buildExamples(new App());

  test.each(app.charts.map((chart) => [chart.node.id, chart] as const))('chart %s matches its snapshot', (_id, chart) => {
    synthApp(app);
    expect(chart.toJson()).toMatchSnapshot();
  });

  test('synthesis is deterministic: two builds give byte-identical YAML', () => {
    const first = buildExamples(new App()).synthYaml();
    const second = buildExamples(new App()).synthYaml();
    expect(first).toBe(second);
    const documents = parseAllDocuments(first);
    expect(documents.length).toBeGreaterThan(10);
    expect(() => assertSecure(documents.map((d) => d.toJSON()))).not.toThrow();
  });
});
