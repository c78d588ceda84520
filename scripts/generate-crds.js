#!/usr/bin/env node
// Generates the CustomResourceDefinitions of operator mode from the TypeScript
// interfaces in src/operator/spec.ts, into src/operator/generated/crds.ts.
//
//   npm run generate-crds            writes the module
//   require('./generate-crds').crdModule()   the module's text (the drift test compares it)
//
// ts-json-schema-generator turns the interfaces into JSON Schema; this script
// makes that a structural schema as Kubernetes requires one (every $ref
// inlined, `type` on every node, no `additionalProperties: false`, maps as
// `additionalProperties`, no defaults) and maps the project's JSDoc tags to
// the CRD extensions (see the header of spec.ts). CommonJS, so that the jest
// suite can require it.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { createGenerator } = require('ts-json-schema-generator');

const ROOT = join(__dirname, '..');
const SPEC_FILE = join(ROOT, 'src', 'operator', 'spec.ts');
const OUT_FILE = join(ROOT, 'src', 'operator', 'generated', 'crds.ts');

/**
 * The API group: a DNS name the project can own (the GitHub Pages domain of
 * an organisation named like the npm package); see the README's "Running it
 * as an operator".
 */
const GROUP = 'cdk8s-istio-ingress.github.io';
const VERSION = 'v1alpha1';
const CATEGORY = 'istio-ingress';

const READY = '.status.conditions[?(@.type=="Ready")]';
const KINDS = [
  {
    kind: 'IngressGateway',
    plural: 'ingressgateways',
    shortNames: ['igw'],
    spec: 'IngressGatewaySpec',
    status: 'IngressGatewayStatus',
    description: 'An Istio ingress gateway: the proxy and the gateway configuration of the chosen API, reconciled by cdk8s-istio-ingress.',
    columns: [{ name: 'Address', type: 'string', jsonPath: '.status.addresses[0].value' }],
  },
  {
    kind: 'ExposedService',
    plural: 'exposedservices',
    shortNames: ['exsvc'],
    spec: 'ExposedServiceSpec',
    status: 'OperatorStatus',
    description: 'A backend exposed through an IngressGateway: hosts and routes, rendered for the gateway\'s API by cdk8s-istio-ingress.',
    columns: [{ name: 'Hosts', type: 'string', jsonPath: '.status.hosts' }],
  },
  {
    kind: 'TlsIngress',
    plural: 'tlsingresses',
    shortNames: ['tlsing'],
    spec: 'TlsIngressSpec',
    status: 'OperatorStatus',
    description: 'HTTPS (or TLS passthrough) for hosts on an IngressGateway, reconciled by cdk8s-istio-ingress.',
    columns: [{ name: 'Hosts', type: 'string', jsonPath: '.status.hosts' }],
  },
];

/** JSDoc tags of spec.ts and the CRD extension each becomes. */
const EXTENSION_TAGS = {
  celRule: 'x-kubernetes-validations',
  listType: 'x-kubernetes-list-type',
  listMapKeys: 'x-kubernetes-list-map-keys',
};
/** JSON Schema keywords a CRD schema may carry and this project's schemas use. */
const KEPT_KEYWORDS = new Set([
  'type', 'description', 'properties', 'required', 'items', 'additionalProperties', 'enum', 'format', 'pattern',
  'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties',
]);
/** Keywords the generator emits that a structural schema drops: defaults are the constructs' to apply. */
const DROPPED_KEYWORDS = new Set(['default', '$schema', 'definitions']);

function generator() {
  return createGenerator({
    path: SPEC_FILE,
    tsconfig: join(ROOT, 'tsconfig.json'),
    skipTypeCheck: true,
    topRef: false,
    expose: 'export',
    jsDoc: 'extended',
    extraTags: [...Object.keys(EXTENSION_TAGS), 'preserveUnknownFields'],
  });
}

/** A structural schema for one node of the generator's output. */
function structural(node, definitions, where) {
  if (node.$ref !== undefined) {
    const name = decodeURIComponent(node.$ref.replace('#/definitions/', ''));
    const target = definitions[name];
    if (target === undefined) throw new Error(`${where}: unresolved ${node.$ref}`);
    const { $ref, ...rest } = node;
    // The property's own documentation wins over the type's.
    return structural({ ...target, ...rest }, definitions, where);
  }
  if (node.preserveUnknownFields === true) {
    return {
      type: 'object',
      ...(node.description ? { description: node.description } : {}),
      'x-kubernetes-preserve-unknown-fields': true,
    };
  }
  const out = {};
  for (const key of Object.keys(node).sort()) {
    const value = node[key];
    if (DROPPED_KEYWORDS.has(key)) continue;
    if (key in EXTENSION_TAGS) {
      out[EXTENSION_TAGS[key]] = value;
    } else if (key === 'properties') {
      out.properties = Object.fromEntries(Object.keys(value).sort().map((name) => [name, structural(value[name], definitions, `${where}.${name}`)]));
    } else if (key === 'items') {
      out.items = structural(value, definitions, `${where}[]`);
    } else if (key === 'additionalProperties') {
      // `false` is the generator's way of closing an interface; a structural schema is closed by pruning.
      if (value !== false) out.additionalProperties = structural(value, definitions, `${where}{}`);
    } else if (KEPT_KEYWORDS.has(key)) {
      out[key] = value;
    } else {
      throw new Error(`${where}: the generator emitted ${key}, which the CRD post-processing does not handle`);
    }
  }
  if (out.type === undefined) throw new Error(`${where}: no type (a structural schema needs one on every node)`);
  if (out.type === 'object' && out.properties === undefined && out.additionalProperties === undefined) {
    // An options object without options (`istio: {}`): nothing inside is kept.
    out.properties = {};
  }
  return out;
}

function kindSchema(gen, kind) {
  const spec = gen.createSchema(kind.spec);
  const status = gen.createSchema(kind.status);
  return {
    type: 'object',
    description: kind.description,
    required: ['spec'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: structural(spec, spec.definitions ?? {}, `${kind.kind}.spec`),
      status: structural(status, status.definitions ?? {}, `${kind.kind}.status`),
    },
  };
}

/** The CRD objects. */
function crds() {
  const gen = generator();
  return KINDS.map((kind) => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${kind.plural}.${GROUP}` },
    spec: {
      group: GROUP,
      names: {
        kind: kind.kind,
        listKind: `${kind.kind}List`,
        plural: kind.plural,
        singular: kind.kind.toLowerCase(),
        shortNames: kind.shortNames,
        categories: [CATEGORY],
      },
      scope: 'Namespaced',
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: kindSchema(gen, kind) },
          subresources: { status: {} },
          additionalPrinterColumns: [
            { name: 'Ready', type: 'string', jsonPath: `${READY}.status` },
            { name: 'Reason', type: 'string', jsonPath: `${READY}.reason` },
            ...kind.columns,
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
        },
      ],
    },
  }));
}

/** The text of src/operator/generated/crds.ts. */
function crdModule() {
  const kinds = KINDS.map(({ kind, plural }) => ({ kind, plural }));
  return [
    '// Generated by scripts/generate-crds.js (npm run generate-crds) from src/operator/spec.ts: do not edit.',
    '// test/operator/crds.test.ts fails when this file and the TypeScript types drift apart.',
    '',
    '/** The API group of the custom resources. */',
    `export const OPERATOR_GROUP = ${JSON.stringify(GROUP)};`,
    '/** Their version. */',
    `export const OPERATOR_VERSION = ${JSON.stringify(VERSION)};`,
    '/** Kind and plural of each custom resource. */',
    `export const OPERATOR_KINDS = ${JSON.stringify(kinds, null, 2)} as const;`,
    '/** The CustomResourceDefinitions. */',
    `export const OPERATOR_CRDS: readonly Record<string, unknown>[] = ${JSON.stringify(crds(), null, 2)};`,
    '',
  ].join('\n');
}

module.exports = { crdModule, OUT_FILE };

if (require.main === module) {
  writeFileSync(OUT_FILE, crdModule());
  console.log(`wrote ${OUT_FILE}`);
}
