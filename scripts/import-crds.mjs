#!/usr/bin/env node
// Regenerates the typed L1 classes in src/imports/ from upstream CRD files.
//
//   node scripts/import-crds.mjs [CRD_DIR]      (default: ../shared/crds)
//
// Only the kinds this library emits are imported, and only the API version it
// emits (the upstream files carry every served version, which would multiply
// the generated code and the compile time for classes nobody uses). The
// generated code is committed; the project never needs CRD_DIR to build or test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const crdDir = resolve(process.argv[2] ?? join(root, '..', 'shared', 'crds'));

/** API group -> [file relative to the CRD dir, CRD name, version to keep][]; cdk8s names each module after its group */
const MODULES = {
  'networking.istio.io': [
    ['istio/customresourcedefinitions.gen.yaml', 'gateways.networking.istio.io', 'v1'],
    ['istio/customresourcedefinitions.gen.yaml', 'virtualservices.networking.istio.io', 'v1'],
  ],
  'gateway.networking.k8s.io': [
    ['gateway-api/standard/gateway.networking.k8s.io_gateways.yaml', 'gateways.gateway.networking.k8s.io', 'v1'],
    ['gateway-api/standard/gateway.networking.k8s.io_httproutes.yaml', 'httproutes.gateway.networking.k8s.io', 'v1'],
    ['gateway-api/standard/gateway.networking.k8s.io_tlsroutes.yaml', 'tlsroutes.gateway.networking.k8s.io', 'v1'],
    ['gateway-api/standard/gateway.networking.k8s.io_referencegrants.yaml', 'referencegrants.gateway.networking.k8s.io', 'v1'],
  ],
  'cert-manager.io': [
    ['cert-manager/cert-manager.io_certificates.yaml', 'certificates.cert-manager.io', 'v1'],
    ['cert-manager/cert-manager.io_issuers.yaml', 'issuers.cert-manager.io', 'v1'],
  ],
};

function loadCrd(file, name, version) {
  const docs = parseAllDocuments(readFileSync(join(crdDir, file), 'utf8')).map((d) => d.toJS());
  const crd = docs.find((d) => d && d.kind === 'CustomResourceDefinition' && d.metadata?.name === name);
  if (!crd) throw new Error(`${file}: no CustomResourceDefinition named ${name}`);
  const versions = crd.spec.versions.filter((v) => v.name === version);
  if (versions.length !== 1) throw new Error(`${name}: version ${version} not found`);
  return { ...crd, spec: { ...crd.spec, versions } };
}

const work = mkdtempSync(join(tmpdir(), 'import-crds-'));
try {
  for (const [group, entries] of Object.entries(MODULES)) {
    const file = join(work, `${group}.yaml`);
    writeFileSync(file, entries.map(([f, n, v]) => stringify(loadCrd(f, n, v))).join('---\n'));
    execFileSync('npx', ['cdk8s', 'import', '--no-check-upgrade', '--no-save', '-l', 'typescript', '-o', join(root, 'src', 'imports'), file], {
      cwd: root,
      stdio: 'inherit',
    });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
