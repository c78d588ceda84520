import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '..', '..');

/**
 * The CLI compiled from the current sources, so that the subprocess tests
 * never run a stale `lib/` (and need no build step before `npm test`): every
 * file of `src/` transpiled (no type check; `npm test` type-checks first)
 * into a temporary directory, run with the repository's node_modules on
 * NODE_PATH. Transpiling all of `src/` takes about a second.
 */
export class CompiledCli {
  public readonly dir: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'cdk8s-istio-ingress-cli-'));
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) {
          const output = ts.transpileModule(readFileSync(path, 'utf8'), {
            fileName: path,
            compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true },
          }).outputText;
          const target = join(this.dir, relative(ROOT, path)).replace(/\.ts$/, '.js');
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, output);
        }
      }
    };
    walk(join(ROOT, 'src'));
  }

  /** Runs `cdk8s-istio-ingress <args>` as a real process. */
  public run(args: readonly string[], options: { cwd?: string; input?: string } = {}): { status: number | null; stdout: string; stderr: string } {
    const child = spawnSync(process.execPath, [join(this.dir, 'src', 'cli', 'main.js'), ...args], {
      cwd: options.cwd ?? ROOT,
      input: options.input,
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
    });
    return { status: child.status, stdout: child.stdout, stderr: child.stderr };
  }

  public dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
