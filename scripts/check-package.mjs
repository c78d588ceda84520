#!/usr/bin/env node
// What a consumer gets, checked the way a consumer gets it (`.ci/run` runs
// this after `npm test`; `npm run check-package` runs it by hand):
//
// 1. `npm pack`: the tarball holds the compiled library (by jsii, with the
//    type information the other languages' bindings need), its typings, the
//    jsii assembly `.jsii`, the bundled `yaml`, the LICENSE, README and
//    SECURITY.md, and nothing of the repository's
//    sources, tests or tools; every relative link of the README points to a
//    file in it.
// 2. The tarball is installed into a new project with the peer versions this
//    repository develops against, plus cdk8s-plus-33 (what `cdk8s init`
//    installs). A copy of examples/*.ts, importing the package by name, is
//    type-checked and run there; its YAML must equal the repository's own
//    synthesis of the examples, byte for byte. A Service of cdk8s-plus-33 is
//    passed to Backend.fromService and synthesised.
// 2b. The Pulumi adapter's package (packages/pulumi) is packed too: it ships
//    lib/, README and LICENSE only; its example is type-checked in a new
//    project that installs both tarballs and the Pulumi SDK.
// 3. The same with the lowest versions package.json's peerDependencies
//    claim (the lower bound of each `^` range).
// 4. The repository installed as a git dependency (`git+file://` of HEAD):
//    npm clones it, installs its devDependencies, runs `prepare` (the
//    build) and packs it; the examples copy must give the same YAML again.
//
// It needs only the npm registry. Temporary projects live under the OS
// temporary directory and are removed unless KEEP_PACKAGE_CHECK=1.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'cdk8s-istio-ingress-package-'));
const started = Date.now();
const failures = [];

function log(message) {
  console.log(`[check-package ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`);
}

function run(command, args, cwd, env = {}) {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  } catch (e) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

function check(condition, message) {
  if (!condition) failures.push(message);
  return condition;
}

/** The files of dist/ (name -> content). */
function synthesised(dir) {
  const dist = join(dir, 'dist');
  return new Map(readdirSync(dist).sort().map((f) => [f, readFileSync(join(dist, f), 'utf8')]));
}

/** Every difference between two syntheses, as messages. */
function compare(label, expected, actual) {
  const names = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  let same = 0;
  for (const name of names) {
    if (!expected.has(name)) check(false, `${label}: ${name} is written, but not by the repository's own synthesis`);
    else if (!actual.has(name)) check(false, `${label}: ${name} is missing`);
    else if (check(expected.get(name) === actual.get(name), `${label}: ${name} differs from the repository's own synthesis`)) same += 1;
  }
  log(`${label}: ${same} of ${names.length} files byte-identical`);
}

/** Lower bound of a `^x.y.z` range. */
function lowest(name) {
  const range = pkg.peerDependencies[name];
  const match = /^\^(\d+\.\d+\.\d+)$/.exec(range ?? '');
  if (!match) throw new Error(`peerDependencies.${name} is ${JSON.stringify(range)}; this check needs a ^x.y.z range`);
  return match[1];
}

const PLUS33_APP = `import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Backend, ExposedService, IngressGateway } from 'cdk8s-istio-ingress';

const app = new App({ outdir: 'dist-plus33' });
const chart = new Chart(app, 'plus33');
const web = new kplus.Service(chart, 'web', { metadata: { name: 'web' }, ports: [{ port: 8080, name: 'http' }] });
new ExposedService(chart, 'web-ingress', { gateway: new IngressGateway(chart, 'gw'), backend: Backend.fromService(web), hosts: ['web.example.com'] });
app.synth();
`;

const PEM_APP = `import { App, Chart } from 'cdk8s';
import { CertificateSource, ExposedService, HttpbinApp, IngressGateway, TlsIngress } from 'cdk8s-istio-ingress';

const app = new App({ outdir: 'dist-pem' });
const chart = new Chart(app, 'pem');
const gateway = new IngressGateway(chart, 'gw');
const certificate = CertificateSource.fromPemFiles({ certificateFile: 'certs/pem.example.com.crt', privateKeyFile: 'certs/pem.example.com.key' });
new TlsIngress(chart, 'tls', { gateway, hosts: ['pem.example.com'], certificate });
new ExposedService(chart, 'web', { gateway, backend: new HttpbinApp(chart, 'httpbin'), hosts: ['pem.example.com'] });
app.synth();
`;

/** stderr of `node lib/pem.js` in `dir`, with NODE_OPTIONS set to `nodeOptions`. */
function pemAppStderr(dir, nodeOptions) {
  const result = spawnSync('node', ['lib/pem.js'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: nodeOptions } });
  if (result.status !== 0) throw new Error(`node lib/pem.js failed:\n${result.stdout}${result.stderr}`);
  return result.stderr;
}

/**
 * A consumer project: `dependencies` installed from the registry (and the
 * package from `source`), the examples copied into src/ with their imports
 * of '../src' replaced by the package name, compiled with the consumer's
 * own strict tsconfig and run. Returns the project directory.
 */
function consumer(name, source, dependencies, extraFiles = {}) {
  const dir = join(work, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: `consumer-${name}`,
        version: '1.0.0',
        private: true,
        dependencies: { 'cdk8s-istio-ingress': source, ...dependencies },
        devDependencies: { typescript: pkg.devDependencies.typescript, '@types/node': pkg.devDependencies['@types/node'] },
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'commonjs', lib: ['ES2022'], types: ['node'], strict: true, outDir: 'lib', rootDir: 'src', esModuleInterop: true },
      include: ['src/*.ts'],
    }),
  );
  for (const file of readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(root, 'examples', file), 'utf8');
    writeFileSync(join(dir, 'src', file), source.replaceAll("from '../src'", "from 'cdk8s-istio-ingress'"));
  }
  for (const [file, text] of Object.entries(extraFiles)) writeFileSync(join(dir, 'src', file), text);
  log(`${name}: npm install ${Object.entries(dependencies).map(([n, v]) => `${n}@${v}`).join(' ')}`);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], dir);
  run('npx', ['tsc', '-p', '.'], dir);
  run('node', ['lib/main.js'], dir);
  return dir;
}

function installedVersion(dir, name) {
  return JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
}

try {
  // The repository's own synthesis of the examples is the reference.
  log('building the repository');
  run('npm', ['run', 'build'], root);
  const reference = join(work, 'reference');
  mkdirSync(reference);
  run('node', [join(root, 'lib', 'examples', 'main.js')], reference);
  const expected = synthesised(reference);
  check(expected.size > 20, `the examples wrote only ${expected.size} files`);

  // 1. The tarball and what it ships.
  log('npm pack');
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], root));
  const tarball = join(work, packed.filename);
  const files = new Set(packed.files.map((f) => f.path));
  for (const required of ['package.json', 'README.md', 'LICENSE', 'SECURITY.md', '.jsii', 'node_modules/yaml/package.json', 'lib/src/index.js', 'lib/src/index.d.ts', 'lib/src/entrypoints/model.js', 'lib/src/entrypoints/operator.js']) {
    check(files.has(required), `the package lacks ${required}`);
  }
  // The dependencies are bundled (package.json bundleDependencies: yaml, @bufbuild/re2), as published: jsii takes no dependency without a jsii assembly otherwise.
  const bundled = (pkg.bundleDependencies ?? []).map((name) => `node_modules/${name}/`);
  for (const prefix of bundled) check(files.has(`${prefix}package.json`), `the package does not bundle ${prefix.slice('node_modules/'.length, -1)}`);
  const stray = [...files].filter((f) => (/^(src|test|bench|scripts|examples|packages|jsii-dist|node_modules|lib\/(examples|bench|test))\//.test(f) && !bundled.some((prefix) => f.startsWith(prefix))) || f.endsWith('.tsbuildinfo'));
  const assembly = JSON.parse(readFileSync(join(root, '.jsii'), 'utf8'));
  check(assembly.name === pkg.name && assembly.version === pkg.version, `.jsii is the assembly of ${assembly.name}@${assembly.version}, not of ${pkg.name}@${pkg.version}`);
  check(readFileSync(join(root, 'lib', 'src', 'values', 'backend.js'), 'utf8').includes('jsii.rtti'), 'lib/src was not compiled by jsii (no type information for the other languages): npm run build runs tsc, then jsii');
  check(stray.length === 0, `the package ships files consumers do not need: ${stray.slice(0, 10).join(', ')}`);
  check(readFileSync(join(root, 'LICENSE'), 'utf8').includes('Apache License\n                           Version 2.0, January 2004'), 'LICENSE is not the Apache License 2.0');
  check(/^git\+https:\/\/.+\.git$/.test(pkg.repository?.url ?? ''), 'package.json has no repository.url of the form git+https://....git');
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^(https?:|mailto:|#)/.test(l));
  for (const link of links) check(files.has(link.replace(/#.*$/, '')), `README links to ${link}, which is not in the package (link a shipped file or the repository's URL)`);
  log(`${packed.filename}: ${files.size} files, ${(packed.size / 1024).toFixed(0)} kB packed; ${links.length} relative README links, all shipped`);

  // 2. The versions this repository develops against, and cdk8s-plus-33.
  const current = { cdk8s: pkg.devDependencies.cdk8s, constructs: pkg.devDependencies.constructs, 'cdk8s-plus-28': pkg.devDependencies['cdk8s-plus-28'] };
  const currentDir = consumer('current', `file:${tarball}`, { ...current, 'cdk8s-plus-33': pkg.devDependencies['cdk8s-plus-33'] }, { 'plus33.ts': PLUS33_APP, 'pem.ts': PEM_APP });
  compare('tarball, current peers', expected, synthesised(currentDir));
  check(!existsSync(join(currentDir, 'node_modules', '@pulumi')), 'installing the package pulled in @pulumi/* (the core names no Pulumi package)');
  check(!JSON.stringify(pkg).includes('@pulumi/'), 'the core package.json names a @pulumi/* package');
  run('node', ['lib/plus33.js'], currentDir);
  const plus33 = parseAllDocuments(readFileSync(join(currentDir, 'dist-plus33', 'plus33.k8s.yaml'), 'utf8')).map((d) => d.toJSON());
  const route = plus33.find((o) => o.kind === 'VirtualService')?.spec?.http?.[0]?.route;
  check(
    JSON.stringify(route) === JSON.stringify([{ destination: { host: 'web.default.svc.cluster.local', port: { number: 8080 } } }]),
    `a cdk8s-plus-33 Service as backend gave the route ${JSON.stringify(route)}`,
  );
  log(`cdk8s-plus-33 ${installedVersion(currentDir, 'cdk8s-plus-33')}: its Service type-checks and routes as a backend`);

  // A PEM certificate warns on stderr, once, naming the construct; its code silences it.
  run('node', [join(root, 'scripts', 'test-certs.js'), join(currentDir, 'certs'), 'pem.example.com'], root);
  const warned = pemAppStderr(currentDir, '');
  const warnings = warned.split('\n').filter((line) => line.includes('[CDK8S_ISTIO_INGRESS_PEM_KEY] Warning: [pem/tls] certificate: the private key is written into Secret istio-ingress/tls-credential'));
  check(warnings.length === 1, `the PEM app printed ${warnings.length} private-key warnings instead of 1:\n${warned}`);
  const silenced = pemAppStderr(currentDir, '--disable-warning=CDK8S_ISTIO_INGRESS_PEM_KEY');
  check(silenced === '', `--disable-warning=CDK8S_ISTIO_INGRESS_PEM_KEY left stderr:\n${silenced}`);
  check(readFileSync(join(currentDir, 'dist-pem', 'pem.k8s.yaml'), 'utf8').includes('tls.key: '), 'the PEM app wrote no tls.key');
  log('PEM certificate: one warning on stderr naming pem/tls, none with --disable-warning');

  // 2b. The Pulumi adapter's package: what it ships, and its example type-checked against both tarballs.
  log('npm pack --workspace cdk8s-istio-ingress-pulumi');
  run('npm', ['run', 'build:pulumi'], root);
  const pulumiPkg = JSON.parse(readFileSync(join(root, 'packages', 'pulumi', 'package.json'), 'utf8'));
  const [pulumiPacked] = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work, '--workspace', pulumiPkg.name], root));
  const pulumiFiles = new Set(pulumiPacked.files.map((f) => f.path));
  for (const required of ['package.json', 'README.md', 'LICENSE', 'lib/index.js', 'lib/index.d.ts']) check(pulumiFiles.has(required), `${pulumiPkg.name} lacks ${required}`);
  const pulumiStray = [...pulumiFiles].filter((f) => !/^(package\.json|README\.md|LICENSE|lib\/.*)$/.test(f));
  check(pulumiStray.length === 0, `${pulumiPkg.name} ships files consumers do not need: ${pulumiStray.slice(0, 10).join(', ')}`);
  const pulumiDir = join(work, 'pulumi');
  mkdirSync(pulumiDir);
  const exampleDir = join(root, 'packages', 'pulumi', 'example');
  const example = JSON.parse(readFileSync(join(exampleDir, 'package.json'), 'utf8'));
  const pulumiDeps = { ...example.dependencies, 'cdk8s-istio-ingress': `file:${tarball}`, [pulumiPkg.name]: `file:${join(work, pulumiPacked.filename)}` };
  writeFileSync(join(pulumiDir, 'package.json'), JSON.stringify({ name: 'consumer-pulumi', version: '1.0.0', private: true, dependencies: pulumiDeps, devDependencies: example.devDependencies }, null, 2));
  cpSync(join(exampleDir, 'tsconfig.json'), join(pulumiDir, 'tsconfig.json'));
  cpSync(join(exampleDir, 'index.ts'), join(pulumiDir, 'index.ts'));
  log(`pulumi: npm install both tarballs, @pulumi/pulumi@${pulumiDeps['@pulumi/pulumi']} @pulumi/kubernetes@${pulumiDeps['@pulumi/kubernetes']}`);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], pulumiDir);
  run('npx', ['tsc', '-p', '.', '--noEmit'], pulumiDir);
  run('node', ['-e', `require('${pulumiPkg.name}')`], pulumiDir);
  log(`${pulumiPacked.filename}: ${pulumiFiles.size} files; the example type-checks against both tarballs and the package loads`);

  // 3. The lowest peer versions claimed.
  const floor = { cdk8s: lowest('cdk8s'), constructs: lowest('constructs'), 'cdk8s-plus-28': lowest('cdk8s-plus-28') };
  const floorDir = consumer('lowest', `file:${tarball}`, floor);
  for (const [name, version] of Object.entries(floor)) check(installedVersion(floorDir, name) === version, `${name}: ${installedVersion(floorDir, name)} installed instead of ${version}`);
  compare('tarball, lowest peers', expected, synthesised(floorDir));

  // 4. A git dependency, built by the consumer's npm through `prepare`.
  const head = run('git', ['rev-parse', 'HEAD'], root).trim();
  if (run('git', ['status', '--porcelain', '--untracked-files=no'], root).trim() !== '') {
    log(`note: uncommitted changes are not part of the git check, which installs HEAD (${head.slice(0, 12)})`);
  }
  const gitDir = consumer('git', `git+file://${root}#${head}`, current);
  check(existsSync(join(gitDir, 'node_modules', 'cdk8s-istio-ingress', 'lib', 'src', 'index.js')), 'the git dependency was not built by prepare');
  compare('git dependency', expected, synthesised(gitDir));
} catch (e) {
  failures.push(e.message);
} finally {
  if (process.env.KEEP_PACKAGE_CHECK === '1') log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`package check failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
log('package check passed');
