import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as corePackageJson from '../../../package.json';
import * as packageJson from '../package.json';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Requires a TypeScript entry point in a fresh Node process (transpiled on
 * the fly, as the build would compile it; the package names resolve to this
 * repository's sources, as in tsconfig.dev.json) and lists the `@pulumi/*`
 * modules that were loaded.
 */
function pulumiModulesLoadedBy(entry: string): string[] {
  const program = `
    const fs = require('fs');
    const path = require('path');
    const Module = require('module');
    const ts = require('typescript');
    const names = { 'cdk8s-istio-ingress': 'src/index.ts', 'cdk8s-istio-ingress/model': 'src/entrypoints/model.ts' };
    const resolve = Module._resolveFilename;
    Module._resolveFilename = (request, ...rest) => resolve(names[request] ? path.join(process.cwd(), names[request]) : request, ...rest);
    const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
    require.extensions['.ts'] = (module, file) => module._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions }).outputText, file);
    require(process.argv[1]);
    console.log(JSON.stringify(Object.keys(require.cache).filter((file) => file.includes('/node_modules/@pulumi/'))));
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', program, path.join(ROOT, entry)], { cwd: ROOT, encoding: 'utf8' }));
}

describe('cdk8s-istio-ingress-pulumi: its own package', () => {
  test('the core never loads @pulumi/pulumi or @pulumi/kubernetes', () => {
    expect(pulumiModulesLoadedBy('src/index.ts')).toStrictEqual([]);
    expect(pulumiModulesLoadedBy('src/entrypoints/model.ts')).toStrictEqual([]);
  });

  test('the adapter loads them (so the check above can see them)', () => {
    const loaded = pulumiModulesLoadedBy('packages/pulumi/src/index.ts');
    expect(loaded.some((file) => file.includes('/node_modules/@pulumi/pulumi/'))).toBe(true);
    expect(loaded.some((file) => file.includes('/node_modules/@pulumi/kubernetes/'))).toBe(true);
  });

  test('the core package.json names no Pulumi package at all', () => {
    expect(JSON.stringify(corePackageJson)).not.toMatch(/@pulumi\//);
    expect(Object.keys(corePackageJson.exports)).not.toContain('./pulumi');
  });

  test('the adapter has Pulumi and the core as peers, pinned in development', () => {
    expect(packageJson.name).toBe('cdk8s-istio-ingress-pulumi');
    expect(packageJson.peerDependencies['cdk8s-istio-ingress']).toBe(`^${corePackageJson.version}`);
    for (const name of ['@pulumi/pulumi', '@pulumi/kubernetes'] as const) {
      expect(packageJson.peerDependencies[name]).toMatch(/^\^\d+\.\d+\.\d+$/);
      expect(packageJson.devDependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});
