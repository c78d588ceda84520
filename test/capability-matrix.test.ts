import { readFileSync } from 'fs';
import { join } from 'path';
import { Capability, Feature, IngressApiKind, Support } from '../src';
import { renderCapabilityMatrix, withCapabilityMatrix } from '../src/model/capability-matrix';

describe('the README capability matrix is generated from the capability table', () => {
  test('README.md holds the matrix of src/model/capabilities.ts', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    try {
      expect(readme).toBe(withCapabilityMatrix(readme));
    } catch (e) {
      throw new Error(`README.md's capability matrix differs from src/model/capabilities.ts: run \`npm run docs:matrix\` and commit README.md\n\n${(e as Error).message}`);
    }
  });

  test('one row per feature, a symbol per API, and each distinct note once as a numbered footnote', () => {
    const table: Capability[] = [
      {
        feature: Feature.RETRIES,
        title: 'retries | more',
        support: { [IngressApiKind.ISTIO]: Support.SUPPORTED, [IngressApiKind.GATEWAY_API]: Support.UNSUPPORTED, [IngressApiKind.KUBERNETES_INGRESS]: Support.UNSUPPORTED },
        notes: { [IngressApiKind.GATEWAY_API]: 'experimental only', [IngressApiKind.KUBERNETES_INGRESS]: 'no field' },
      },
      {
        feature: Feature.PATH_REGEX,
        title: 'regex',
        support: { [IngressApiKind.ISTIO]: Support.SUPPORTED, [IngressApiKind.GATEWAY_API]: Support.EXTENSION, [IngressApiKind.KUBERNETES_INGRESS]: Support.UNSUPPORTED },
        notes: { [IngressApiKind.KUBERNETES_INGRESS]: 'no field' },
      },
    ];
    expect(renderCapabilityMatrix(table)).toBe(
      [
        '<!-- generated from src/model/capabilities.ts by `npm run docs:matrix`; edit the table there, not here -->',
        '| feature | Istio API | Gateway API | Kubernetes Ingress |',
        '| --- | :---: | :---: | :---: |',
        '| retries \\| more | ✅ | ❌ [1] | ❌ [2] |',
        '| regex | ✅ | 🟡 | ❌ [2] |',
        '',
        '✅ supported · 🟡 supported through Istio-specific or implementation-specific behaviour · ❌ not supported: using it fails at synth time',
        '',
        '1. experimental only',
        '2. no field',
      ].join('\n'),
    );
  });

  test('replaces only what is between the markers', () => {
    const table: Capability[] = [];
    const readme = 'intro\n<!-- capability-matrix:start -->\nstale\n<!-- capability-matrix:end -->\noutro\n';
    expect(withCapabilityMatrix(readme, table)).toBe(`intro\n<!-- capability-matrix:start -->\n${renderCapabilityMatrix(table)}\n<!-- capability-matrix:end -->\noutro\n`);
  });

  test('fails when the README has no place for the matrix', () => {
    expect(() => withCapabilityMatrix('# no markers\n')).toThrow(/README has no <!-- capability-matrix:start --> \.\.\. <!-- capability-matrix:end --> section to hold the capability matrix/);
  });
});
