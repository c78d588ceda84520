#!/usr/bin/env node
// Vendors the schemas that test/support/schema-validator.ts validates against into test/schemas/.
//
//   node scripts/vendor-schemas.mjs [SHARED_DIR]      (default: ../shared)
//
// SHARED_DIR holds the unmodified upstream inputs (k8s-openapi/ and crds/). The output is committed
// test data so that the project never needs SHARED_DIR to build or test. Only what affects validation
// is kept: descriptions, examples and patch/printer metadata are dropped, identical CRD version schemas
// are stored once.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sharedDir = resolve(process.argv[2] ?? join(root, '..', 'shared'));
const outDir = join(root, 'test', 'schemas');

const KUBERNETES = {
  file: 'kubernetes-v1.28.0.json',
  input: 'k8s-openapi/swagger-v1.28.0.json',
  upstream: 'github.com/tommy351/kubernetes-openapi-spec',
  version: 'v1.28.0',
  commit: '917d6fce9c560bb6a99316f98d3d46c869d0e307',
  upstreamPath: 'openapi/1.28.0.json',
  note: 'OpenAPI v2 served at /openapi/v2 by kube-apiserver v1.28.0, with the enum lists of +enum types',
};

const CRD_SETS = [
  {
    file: 'istio-v1.30.3.json',
    inputs: ['crds/istio/customresourcedefinitions.gen.yaml'],
    upstream: 'github.com/istio/api',
    version: 'v1.30.3',
    commit: '2e43f07b30b6744bc8252fce39fb58b03f85ff8b',
    upstreamPath: 'kubernetes/customresourcedefinitions.gen.yaml',
  },
  {
    file: 'gateway-api-v1.6.1-standard.json',
    inputs: gatewayApiFiles('standard'),
    upstream: 'github.com/kubernetes-sigs/gateway-api',
    version: 'v1.6.1',
    commit: '8bb74df00e56ec8f944d48c25e6c1c9c2f6848e3',
    upstreamPath: 'config/crd/standard/*.yaml',
  },
  {
    file: 'gateway-api-v1.6.1-experimental.json',
    inputs: [
      ...gatewayApiFiles('experimental'),
      'crds/gateway-api/experimental/gateway.networking.x-k8s.io_xbackends.yaml',
      'crds/gateway-api/experimental/gateway.networking.x-k8s.io_xbackendtrafficpolicies.yaml',
      'crds/gateway-api/experimental/gateway.networking.x-k8s.io_xmeshes.yaml',
    ],
    upstream: 'github.com/kubernetes-sigs/gateway-api',
    version: 'v1.6.1',
    commit: '8bb74df00e56ec8f944d48c25e6c1c9c2f6848e3',
    upstreamPath: 'config/crd/experimental/*.yaml',
  },
  {
    file: 'cert-manager-v1.21.1.json',
    inputs: ['certificaterequests', 'certificates', 'clusterissuers', 'issuers'].map(
      (plural) => `crds/cert-manager/cert-manager.io_${plural}.yaml`,
    ),
    upstream: 'github.com/cert-manager/cert-manager',
    version: 'v1.21.1',
    commit: '24e33194fb39488eff2bbf10c6dc640f407cad44',
    upstreamPath: 'deploy/crds/cert-manager.io_{certificaterequests,certificates,clusterissuers,issuers}.yaml',
  },
  {
    file: 'metacontroller-v4.17.2.json',
    inputs: ['metacontroller/metacontroller-crds-v1.yaml'],
    upstream: 'github.com/metacontroller/metacontroller',
    version: 'v4.17.2',
    commit: '76b818bdc67ba56570abe5f69f714d56c0ff5c52',
    upstreamPath: 'manifests/production/metacontroller-crds-v1.yaml',
  },
];

function gatewayApiFiles(channel) {
  // The vap_safeupgrades file in each channel is a ValidatingAdmissionPolicy, not a CRD.
  return ['backendtlspolicies', 'gatewayclasses', 'gateways', 'grpcroutes', 'httproutes', 'listenersets',
    'referencegrants', 'tcproutes', 'tlsroutes', 'udproutes'].map(
    (plural) => `crds/gateway-api/${channel}/gateway.networking.k8s.io_${plural}.yaml`,
  );
}

/** Schema keywords that never change whether a value is valid. */
const DROPPED_KEYWORDS = new Set([
  'description', 'example', 'externalDocs', 'title',
  'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key', 'x-kubernetes-unions',
  'x-kubernetes-map-type', 'x-kubernetes-group-version-kind',
]);
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'definitions']);
const SCHEMA_LIST_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf']);
const SCHEMA_KEYWORDS = new Set(['items', 'additionalProperties', 'not', 'additionalItems']);

/** Copies a schema without the keywords that do not affect validation; values (enum, default) stay untouched. */
function strip(schema) {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  const out = {};
  for (const key of Object.keys(schema).sort()) {
    const value = schema[key];
    if (DROPPED_KEYWORDS.has(key)) continue;
    if (SCHEMA_MAP_KEYWORDS.has(key)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, strip(sub)]));
    } else if (SCHEMA_LIST_KEYWORDS.has(key)) {
      out[key] = value.map(strip);
    } else if (SCHEMA_KEYWORDS.has(key)) {
      out[key] = strip(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Calls fn with every $ref of a schema, looking only at schema positions (a property may be named $ref). */
function forEachRef(schema, fn) {
  if (typeof schema !== 'object' || schema === null) return;
  if (typeof schema.$ref === 'string') fn(schema.$ref);
  for (const [key, value] of Object.entries(schema)) {
    if (SCHEMA_MAP_KEYWORDS.has(key)) Object.values(value).forEach((sub) => forEachRef(sub, fn));
    else if (SCHEMA_LIST_KEYWORDS.has(key)) value.forEach((sub) => forEachRef(sub, fn));
    else if (SCHEMA_KEYWORDS.has(key)) forEachRef(value, fn);
  }
}

function apiVersionOf(group, version) {
  return group ? `${group}/${version}` : version;
}

function vendorKubernetes() {
  const swagger = JSON.parse(readFileSync(join(sharedDir, KUBERNETES.input), 'utf8'));

  // The document has no scope field: a kind is namespaced when one of its operations is served under
  // /namespaces/{namespace}/, and cluster-scoped when it has operations but none there. Kinds that are
  // only request/response bodies (DeleteOptions, WatchEvent, Status, ...) have neither.
  const scopes = new Map();
  for (const [path, item] of Object.entries(swagger.paths)) {
    for (const op of Object.values(item)) {
      const gvk = op && op['x-kubernetes-group-version-kind'];
      if (!gvk) continue;
      const key = `${apiVersionOf(gvk.group, gvk.version)}/${gvk.kind}`;
      const namespaced = path.includes('/namespaces/{namespace}/');
      if (namespaced) scopes.set(key, 'Namespaced');
      else if (!scopes.has(key) && op['x-kubernetes-action'] !== 'list' && op['x-kubernetes-action'] !== 'watchlist') {
        scopes.set(key, 'Cluster');
      }
    }
  }

  const kinds = {};
  for (const [name, def] of Object.entries(swagger.definitions)) {
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
      const key = `${apiVersionOf(gvk.group, gvk.version)}/${gvk.kind}`;
      kinds[key] = { definition: name, ...(scopes.has(key) ? { scope: scopes.get(key) } : {}) };
    }
  }

  const definitions = {};
  const visit = (name) => {
    if (name in definitions) return;
    const def = swagger.definitions[name];
    if (!def) throw new Error(`${KUBERNETES.input}: missing definition ${name}`);
    definitions[name] = strip(def);
    forEachRef(definitions[name], (ref) => visit(ref.replace('#/definitions/', '')));
  };
  for (const key of Object.keys(kinds).sort()) visit(kinds[key].definition);

  const sortedDefinitions = Object.fromEntries(Object.keys(definitions).sort().map((n) => [n, definitions[n]]));
  const sortedKinds = Object.fromEntries(Object.keys(kinds).sort().map((k) => [k, kinds[k]]));
  write(KUBERNETES.file, { source: sourceOf(KUBERNETES), kinds: sortedKinds, definitions: sortedDefinitions });
}

function vendorCrds(set) {
  const schemas = [];
  const schemaIndex = new Map();
  const kinds = [];
  for (const input of set.inputs) {
    for (const doc of parseAllDocuments(readFileSync(join(sharedDir, input), 'utf8'))) {
      if (doc.errors.length > 0) throw new Error(`${input}: ${doc.errors[0].message}`);
      const crd = doc.toJS();
      if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
      const versions = crd.spec.versions.map((v) => {
        const schema = JSON.stringify(strip(v.schema.openAPIV3Schema));
        if (!schemaIndex.has(schema)) {
          schemaIndex.set(schema, schemas.length);
          schemas.push(JSON.parse(schema));
        }
        return { name: v.name, served: v.served, schema: schemaIndex.get(schema) };
      });
      kinds.push({ group: crd.spec.group, kind: crd.spec.names.kind, scope: crd.spec.scope, versions });
    }
  }
  if (kinds.length === 0) throw new Error(`${set.file}: no CustomResourceDefinition found`);
  write(set.file, { source: sourceOf(set), kinds, schemas });
  return kinds;
}

function sourceOf(set) {
  return { repository: set.upstream, version: set.version, commit: set.commit, path: set.upstreamPath };
}

const written = [];
function write(file, data) {
  const text = `${JSON.stringify(data)}\n`;
  writeFileSync(join(outDir, file), text);
  written.push({ file, bytes: Buffer.byteLength(text) });
}

function writeReadme(crdKinds) {
  const rows = [KUBERNETES, ...CRD_SETS].map((s) =>
    `| \`${s.file}\` | ${s.upstream} | \`${s.version}\` | \`${s.commit}\` | \`${s.upstreamPath}\` |`);
  const kindRows = CRD_SETS.map((s, i) =>
    `- \`${s.file}\`: ${[...new Set(crdKinds[i].map((k) => `${k.kind} (${k.group})`))].join(', ')}`);
  const text = `# Vendored schemas

Test data for \`test/support/schema-validator.ts\`. Generated by \`scripts/vendor-schemas.mjs\`; do not edit.

| file | upstream | version | commit | upstream path |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

The Kubernetes document is the ${KUBERNETES.note}.
Each file keeps only what affects validation: \`description\`, \`example\`, \`title\`, \`externalDocs\` and
patch/union/map-type metadata are dropped; CRD versions with identical schemas share one entry.

CRD kinds per file:
${kindRows.join('\n')}

## Regenerating

Put the unmodified upstream files (the upstream paths above, at the listed commits) in a directory
SHARED_DIR laid out as:

    SHARED_DIR/k8s-openapi/swagger-v1.28.0.json
    SHARED_DIR/crds/istio/customresourcedefinitions.gen.yaml
    SHARED_DIR/crds/gateway-api/standard/*.yaml
    SHARED_DIR/crds/gateway-api/experimental/*.yaml
    SHARED_DIR/crds/cert-manager/cert-manager.io_*.yaml
    SHARED_DIR/metacontroller/metacontroller-crds-v1.yaml

then run

    npm run vendor-schemas -- [SHARED_DIR]      # default: ../shared, next to the project

To move to a new upstream release, replace the input files, update the version and commit in
\`scripts/vendor-schemas.mjs\`, regenerate, and run \`npm test\`: it compiles every CEL rule of
every CRD and checks every pattern, and fails on schema keywords the validator does not handle.
`;
  writeFileSync(join(outDir, 'README.md'), text);
}

mkdirSync(outDir, { recursive: true });
vendorKubernetes();
const crdKinds = CRD_SETS.map(vendorCrds);
writeReadme(crdKinds);
for (const { file, bytes } of written) console.log(`${file}: ${(bytes / 1024).toFixed(0)} KiB`);
