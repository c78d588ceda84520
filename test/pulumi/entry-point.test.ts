import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as packageJson from '../../package.json';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Requires a TypeScript entry point in a fresh Node process (transpiled on
 * the fly, as the build would compile it) and lists the `@pulumi/*` modules
 * that were loaded.
 */
function pulumiModulesLoadedBy(entry: string): string[] {
  const program = `
    const fs = require('fs');
    const ts = require('typescript');
    const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
    require.extensions['.ts'] = (module, file) => module._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions }).outputText, file);
    require(process.argv[1]);
    console.log(JSON.stringify(Object.keys(require.cache).filter((file) => file.includes('/node_modules/@pulumi/'))));
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', program, path.join(ROOT, entry)], { cwd: ROOT, encoding: 'utf8' }));
}

describe('entry points: cdk8s users install nothing for Pulumi', () => {
  test('the main entry point never loads @pulumi/pulumi or @pulumi/kubernetes', () => {
    expect(pulumiModulesLoadedBy('src/index.ts')).toStrictEqual([]);
  });

  test('the pulumi entry point loads them (so the check above can see them)', () => {
    const loaded = pulumiModulesLoadedBy('src/pulumi/index.ts');
    expect(loaded.some((file) => file.includes('/node_modules/@pulumi/pulumi/'))).toBe(true);
    expect(loaded.some((file) => file.includes('/node_modules/@pulumi/kubernetes/'))).toBe(true);
  });

  test('package.json exports cdk8s-istio-ingress/pulumi, with Pulumi as optional peers', () => {
    expect(packageJson.exports['./pulumi']).toStrictEqual({ types: './lib/src/pulumi/index.d.ts', default: './lib/src/pulumi/index.js' });
    expect(packageJson.typesVersions['*'].pulumi).toStrictEqual(['lib/src/pulumi/index.d.ts']);
    for (const name of ['@pulumi/pulumi', '@pulumi/kubernetes'] as const) {
      expect(packageJson.peerDependencies[name]).toBeDefined();
      expect(packageJson.peerDependenciesMeta[name]).toStrictEqual({ optional: true });
      expect(packageJson.devDependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});
