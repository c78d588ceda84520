#!/usr/bin/env node
// The library for Python, Java, Go and .NET (`.ci/run` runs this after
// `npm test`; `npm run jsii` runs it by hand):
//
// 1. jsii compiles src/ (tsconfig.jsii.json, validated against jsii's
//    "strict" rule set) into lib/ and the assembly `.jsii`; any jsii error
//    fails the run. The warnings (names reserved in some language, which the
//    bindings escape, e.g. `from_` in Python) are counted.
// 2. jsii-pacmak generates the four bindings into jsii-dist/ (code only:
//    packaging them needs PyPI, Maven Central and NuGet, which this machine
//    cannot reach; the README says what a release machine runs).
// 3. What can be checked here is checked:
//    - Python: `python3 -m compileall` of the generated package, of
//      examples/python and of the README's Python blocks, and those against
//      the binding's names (scripts/check-python-example.py);
//    - Java: every generated source parses (`javac`, stopped after parsing:
//      compiling needs the jsii runtime jar, which is on Maven Central only);
//    - Go: every generated file parses (`gofmt -e`; `go build` needs the
//      jsii runtime module and the cdk8s Go modules);
//    - .NET: the project file is well-formed XML and names the package id
//      (no .NET SDK can be installed here);
// 4. API.md (jsii-docgen's reference of the assembly, TypeScript flavour):
//    `--api-md` rewrites it (`npm run docs:api`); `--check-api-md` fails when
//    it differs from what docgen writes now (test/api-docs.test.ts runs that
//    in `npm test`).
//
// Options: --assembly (step 1 only), --api-md, --check-api-md (step 1, then 4).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outdir = join(root, pkg.jsii.outdir);
const args = new Set(process.argv.slice(2));
const started = Date.now();
const failures = [];
// jsii's tools warn on every start that Node 20 is past its end of life; the CI machine is Node 20.
const env = { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '1', JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION: '1' };

function log(message) {
  console.log(`[jsii ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`);
}

function bin(name) {
  return join(root, 'node_modules', '.bin', name);
}

function run(command, argv, options = {}) {
  const result = spawnSync(command, argv, { cwd: root, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024, ...options });
  return { status: result.status ?? (result.error ? 127 : 1), output: `${result.stdout ?? ''}${result.stderr ?? ''}`, error: result.error };
}

function check(condition, message) {
  if (!condition) failures.push(message);
  return condition;
}

function filesUnder(dir, suffix) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, suffix);
    return entry.name.endsWith(suffix) ? [path] : [];
  });
}

function has(command) {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).error === undefined || spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Step 1: the assembly. Returns the numbers of errors and warnings. */
function compile() {
  log('jsii (tsconfig.jsii.json, strict validation)');
  const { status, output } = run(bin('jsii'), []);
  const summary = /Errors: (\d+) \| Warnings: (\d+)/.exec(output);
  const errors = summary ? Number(summary[1]) : (output.match(/error JSII\d+/g) ?? []).length;
  const warnings = summary ? Number(summary[2]) : 0;
  if (status !== 0 || errors > 0) {
    console.error(output.split('\n').filter((line) => !line.startsWith('!!')).join('\n'));
    throw new Error(`jsii failed (exit ${status}): ${errors} error(s)`);
  }
  const assembly = JSON.parse(readFileSync(join(root, '.jsii'), 'utf8'));
  const kinds = {};
  for (const type of Object.values(assembly.types)) kinds[type.kind] = (kinds[type.kind] ?? 0) + 1;
  log(`jsii: 0 errors, ${warnings} warnings; .jsii has ${Object.keys(assembly.types).length} types (${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')})`);
  return { errors, warnings };
}

/** jsii-docgen's API.md for the assembly, as text. */
function apiMarkdown() {
  const dir = mkdtempSync(join(tmpdir(), 'cdk8s-istio-ingress-docgen-'));
  try {
    const out = join(dir, 'API.md');
    const { status, output } = run(bin('jsii-docgen'), ['--output', out]);
    if (status !== 0) throw new Error(`jsii-docgen failed (exit ${status}):\n${output}`);
    return readFileSync(out, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function bindings() {
  log(`jsii-pacmak --code-only: python, java, go, dotnet into ${relative(root, outdir)}/`);
  rmSync(outdir, { recursive: true, force: true });
  const { status, output } = run(bin('jsii-pacmak'), ['--code-only', '--no-npmignore', '--force', '--outdir', outdir, '--target', 'python', '--target', 'java', '--target', 'go', '--target', 'dotnet']);
  if (status !== 0) throw new Error(`jsii-pacmak failed (exit ${status}):\n${output}`);
  const timings = /Packaged\. (.*)/.exec(output)?.[1];
  if (timings) log(`jsii-pacmak: ${timings}`);

  // Python
  const python = pkg.jsii.targets.python;
  const pySrc = join(outdir, 'python', 'src', python.module);
  check(existsSync(join(pySrc, '__init__.py')), `no Python package ${python.module} in ${relative(root, outdir)}/python/src`);
  const pyproject = readFileSync(join(outdir, 'python', 'pyproject.toml'), 'utf8');
  check(existsSync(join(outdir, 'python', 'setup.py')) && pyproject.length > 0, 'the Python binding has no setup.py or pyproject.toml');
  const compiled = run('python3', ['-m', 'compileall', '-q', join(outdir, 'python', 'src'), join(root, 'examples', 'python')]);
  check(compiled.status === 0, `python3 -m compileall failed:\n${compiled.output}`);
  // The README's Python blocks too, each as a file of its own.
  const readmeDir = mkdtempSync(join(tmpdir(), 'cdk8s-istio-ingress-readme-py-'));
  const readmeBlocks = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```python\n([\s\S]*?)```/g)].map((m, i) => {
    const file = join(readmeDir, `readme_${i + 1}.py`);
    writeFileSync(file, m[1]);
    return file;
  });
  check(readmeBlocks.length > 0, 'the README has no Python block');
  const pyCompiled = run('python3', ['-m', 'compileall', '-q', readmeDir]);
  check(pyCompiled.status === 0, `a Python block of the README does not compile:\n${pyCompiled.output}`);
  const names = run('python3', [join(root, 'scripts', 'check-python-example.py'), join(pySrc, '__init__.py'), ...filesUnder(join(root, 'examples', 'python'), '.py'), ...readmeBlocks]);
  rmSync(readmeDir, { recursive: true, force: true });
  check(names.status === 0, `examples/python does not match the generated binding:\n${names.output}`);
  if (compiled.status === 0) log(`python: ${filesUnder(join(outdir, 'python', 'src'), '.py').length} generated modules and examples/python compile (python3 -m compileall)`);
  if (names.status === 0) log(`python: ${names.output.trim()} (examples/python and ${readmeBlocks.length} README block(s))`);

  // Java
  const javaFiles = filesUnder(join(outdir, 'java', 'src'), '.java');
  check(javaFiles.length > 100, `only ${javaFiles.length} Java sources were generated`);
  check(readFileSync(join(outdir, 'java', 'pom.xml'), 'utf8').includes(`<artifactId>${pkg.jsii.targets.java.maven.artifactId}</artifactId>`), 'pom.xml lacks the artifactId');
  if (has('javac')) {
    const list = join(mkdtempSync(join(tmpdir(), 'cdk8s-istio-ingress-javac-')), 'files');
    writeFileSync(list, javaFiles.join('\n'));
    const parsed = run('javac', ['-XDshould-stop.ifNoError=PARSE', '-XDshould-stop.ifError=PARSE', '-d', dirname(list), `@${list}`]);
    rmSync(dirname(list), { recursive: true, force: true });
    if (check(parsed.status === 0, `javac could not parse the generated Java:\n${parsed.output.slice(0, 4000)}`)) log(`java: ${javaFiles.length} generated sources parse (javac, stopped after parsing)`);
  } else log('java: javac is not installed, the parse check is skipped');

  // Go
  const goDir = readdirSync(join(outdir, 'go')).map((d) => join(outdir, 'go', d)).find((d) => existsSync(join(d, 'go.mod')));
  if (check(goDir !== undefined, 'no Go module (go.mod) was generated')) {
    const goFiles = filesUnder(goDir, '.go');
    const goMod = readFileSync(join(goDir, 'go.mod'), 'utf8');
    check(goMod.startsWith(`module ${pkg.jsii.targets.go.moduleName}/`), `go.mod names another module:\n${goMod.split('\n')[0]}`);
    if (has('gofmt')) {
      const parsed = run('gofmt', ['-e', '-l', goDir]);
      const syntax = parsed.output.split('\n').filter((line) => /:\d+:\d+: /.test(line));
      if (check(parsed.status === 0 && syntax.length === 0, `gofmt -e found syntax errors in the Go binding:\n${syntax.slice(0, 20).join('\n') || parsed.output.slice(0, 2000)}`)) {
        log(`go: ${goFiles.length} generated files of ${goMod.split('\n')[0].replace('module ', '')} parse (gofmt -e)`);
      }
    } else log(`go: gofmt is not installed (Debian's golang-go has it), the parse check of ${goFiles.length} files is skipped`);
  }

  // .NET
  const dotnet = pkg.jsii.targets.dotnet;
  const csproj = join(outdir, 'dotnet', dotnet.packageId, `${dotnet.packageId}.csproj`);
  if (check(existsSync(csproj), `no ${relative(root, csproj)}`)) {
    const xml = run('python3', ['-c', 'import sys, xml.etree.ElementTree as ET; r = ET.parse(sys.argv[1]).getroot(); print(r.findtext(".//PackageId"))', csproj]);
    check(xml.status === 0 && xml.output.trim() === dotnet.packageId, `${relative(root, csproj)} is not well-formed or names another PackageId:\n${xml.output}`);
    const csFiles = filesUnder(join(outdir, 'dotnet'), '.cs');
    check(csFiles.length > 100, `only ${csFiles.length} C# sources were generated`);
    log(`dotnet: ${csFiles.length} generated C# sources, ${dotnet.packageId}.csproj well-formed (no .NET SDK here to compile them)`);
  }
  const size = filesUnder(outdir, '').reduce((sum, f) => sum + statSync(f).size, 0);
  log(`bindings: ${(size / 1024 / 1024).toFixed(1)} MB in ${relative(root, outdir)}/`);
}

try {
  compile();
  if (args.has('--api-md')) {
    writeFileSync(join(root, 'API.md'), apiMarkdown());
    log('wrote API.md');
  } else if (args.has('--check-api-md')) {
    const committed = existsSync(join(root, 'API.md')) ? readFileSync(join(root, 'API.md'), 'utf8') : '';
    if (check(committed === apiMarkdown(), 'API.md is not what jsii-docgen writes for the current sources: run `npm run docs:api` and commit API.md')) log('API.md is up to date');
  } else if (!args.has('--assembly')) {
    bindings();
  }
} catch (e) {
  failures.push(e.message);
}

if (failures.length > 0) {
  console.error(`jsii check failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
log('jsii check passed');
