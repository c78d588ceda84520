// Strict validation of synthesised manifests against the real schema of their kind, as strict as a
// Kubernetes API server with `kubectl apply --validate=strict`: unknown fields are errors.
//
// Schemas: test/schemas/ (see its README) holds the Kubernetes 1.28 OpenAPI definitions and the
// Istio, Gateway API (standard and experimental channel) and cert-manager CRDs.
//
// How it works, for each object:
//  1. Look up the schema by apiVersion and kind; compile it on first use and cache it.
//  2. normalize(): copy the object, drop nulls of non-nullable fields and apply CRD defaults, as the
//     API server does before validating (CEL rules see defaulted objects).
//  3. ajv checks the JSON Schema keywords: types, enum, required, pattern, lengths, bounds, formats,
//     oneOf/anyOf/allOf/not. The Kubernetes documents never say `additionalProperties: false`; the
//     schema we give ajv adds it to every object schema the API server treats as closed (see
//     toAjvOpenApi and toAjvStructural), and replaces IntOrString, Quantity, Time and MicroTime with
//     keywords and formats that follow their Go decoders. Patterns are RE2 (see re2.ts).
//  4. A walker over the same schema (structural-schema.ts) checks what ajv cannot express: list-map
//     keys and set items are unique, the Go-coded rules of ObjectMeta and LabelSelector, top-level
//     name and namespace, and the CEL `x-kubernetes-validations` rules (kubernetes-cel.ts).
//  5. What the API server's Go validation refuses in built-in kinds beyond their OpenAPI schema
//     (apiserver-validation.ts, Kubernetes 1.28), and for the Istio kinds the library writes
//     (Gateway, VirtualService), what istiod's admission webhook refuses beyond the CRD schema
//     (istiod-validation.ts, following Istio 1.30.3's Go).
// ajv does the generic JSON Schema work; hand-writing it would be slower and less trustworthy.
// The walker only visits subtrees that have something for it (SchemaNode.needsWalk).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create } from '@bufbuild/protobuf';
import { TimestampSchema } from '@bufbuild/protobuf/wkt';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { IpParseError, parseAddr } from './ip';
import { apiServerRefusals } from './apiserver-validation';
import { istiodRefusals } from './istiod-validation';
import { isCelError, type CelInput, type CelResult } from './kubernetes-cel';
import {
  QUANTITY_MESSAGE, dns1123LabelErrors, isBase64, isFullDate, isQuantity, isRfc3339, isStrfmtDateTime,
  labelValueErrors, nameIsDns1035Label, nameIsDnsLabel, nameIsDnsSubdomain, pathSegmentName, qualifiedNameErrors,
  type NameValidator,
} from './kubernetes-formats';
import { compileRe2 } from './re2';
import {
  SchemaNode, buildNode, computeNeedsWalk, fillNode, normalize, type CompiledRule, type NodeGraph, type SchemaObject,
} from './structural-schema';

export interface SchemaViolation {
  /** Field path as the API server prints it, e.g. `spec.listeners[0].tls`; empty for the whole object. */
  readonly path: string;
  readonly message: string;
  /** The CEL rule that failed, for x-kubernetes-validations violations. */
  readonly rule?: string;
}

export interface ValidationOptions {
  /**
   * Which Gateway API CRDs the cluster has. The channels share group and versions but the
   * experimental CRDs have more fields and kinds.
   * @default 'standard'
   */
  readonly gatewayApiChannel?: 'standard' | 'experimental';
}

/** Violations of one manifest object (apiVersion+kind select the schema). Unknown apiVersion/kind is itself a violation. */
export function validateManifest(obj: unknown, options: ValidationOptions = {}): SchemaViolation[] {
  if (!isObject(obj)) return [{ path: '', message: `must be an object, got ${show(obj)}` }];
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || apiVersion === '' || typeof kind !== 'string' || kind === '') {
    const fields: [string, unknown][] = [['apiVersion', apiVersion], ['kind', kind]];
    return fields.flatMap(([path, value]): SchemaViolation[] => {
      if (value === undefined || value === '') return [{ path, message: 'required value' }];
      return typeof value === 'string' ? [] : [{ path, message: `invalid value ${show(value)}: must be of type string` }];
    });
  }
  const schema = kindSchema(apiVersion, kind, options.gatewayApiChannel ?? 'standard');
  if (!(schema instanceof KindSchema)) return [schema];
  const violations = schema.check(obj);
  // An object the schema accepts still has to pass istiod's own admission checks (Istio kinds only).
  if (violations.length > 0) return violations;
  return [
    ...apiServerRefusals(obj),
    ...istiodRefusals(obj).map((message) => ({ path: '', message: `istiod refuses it: ${message}` })),
  ];
}

/**
 * Violations of an object against a CRD version's `openAPIV3Schema` given directly, with the same
 * semantics as for the vendored CRDs: for a CRD that is not vendored, or a hand-written schema in a test.
 */
export function validateAgainstCrdSchema(openAPIV3Schema: object, obj: unknown, scope: 'Namespaced' | 'Cluster' = 'Namespaced'): SchemaViolation[] {
  if (!isObject(obj)) return [{ path: '', message: `must be an object, got ${show(obj)}` }];
  const [group] = splitApiVersion(typeof obj.apiVersion === 'string' ? obj.apiVersion : '');
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  return new KindSchema(group, kind, scope, crdSchema(openAPIV3Schema as SchemaObject)).check(obj);
}

/** Throws one Error listing every violation of every object, each prefixed with `<kind>/<namespace>/<name>`; returns normally if all are valid. */
export function assertValidManifests(objs: readonly unknown[], options: ValidationOptions = {}): void {
  const lines: string[] = [];
  let invalidObjects = 0;
  for (const obj of objs) {
    const violations = validateManifest(obj, options);
    if (violations.length === 0) continue;
    invalidObjects++;
    const id = describeObject(obj);
    for (const v of violations) lines.push(`${id}: ${v.path === '' ? '' : `${v.path}: `}${v.message}`);
  }
  if (lines.length > 0) {
    throw new Error(`${lines.length} schema violation(s) in ${invalidObjects} of ${objs.length} object(s):\n${lines.join('\n')}`);
  }
}

function describeObject(obj: unknown): string {
  const o = isObject(obj) ? obj : {};
  const meta = isObject(o.metadata) ? o.metadata : {};
  const part = (v: unknown) => (typeof v === 'string' ? v : '');
  return `${part(o.kind)}/${part(meta.namespace)}/${part(meta.name)}`;
}

// --- schema data ---------------------------------------------------------------------------

type Scope = 'Namespaced' | 'Cluster';

interface KubernetesFile {
  readonly kinds: Readonly<Record<string, { readonly definition: string; readonly scope?: Scope }>>;
  readonly definitions: Readonly<Record<string, SchemaObject>>;
}

interface CrdFile {
  readonly kinds: readonly {
    readonly group: string;
    readonly kind: string;
    readonly scope: Scope;
    readonly versions: readonly { readonly name: string; readonly served: boolean; readonly schema: number }[];
  }[];
  readonly schemas: readonly SchemaObject[];
}

const SCHEMA_DIR = join(__dirname, '..', 'schemas');
const KUBERNETES_FILE = 'kubernetes-v1.28.0.json';
const CRD_FILES: Readonly<Record<'standard' | 'experimental', readonly string[]>> = {
  standard: ['istio-v1.30.3.json', 'gateway-api-v1.6.1-standard.json', 'cert-manager-v1.21.1.json', 'metacontroller-v4.17.2.json'],
  experimental: ['istio-v1.30.3.json', 'gateway-api-v1.6.1-experimental.json', 'cert-manager-v1.21.1.json', 'metacontroller-v4.17.2.json'],
};

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const DEFINITION_SEMANTICS: Readonly<Record<string, SchemaNode['semantics']>> = {
  [OBJECT_META]: 'objectMeta',
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': 'labelSelector',
};

const files = new Map<string, unknown>();
function readSchemaFile<T>(file: string): T {
  if (!files.has(file)) files.set(file, JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')));
  return files.get(file) as T;
}

/** The Kubernetes definitions as walker nodes, built once for the whole (cyclic) graph. */
let kubernetesNodes: Map<string, SchemaNode> | undefined;
function kubernetesNode(definition: string): SchemaNode {
  if (kubernetesNodes === undefined) {
    const { definitions } = readSchemaFile<KubernetesFile>(KUBERNETES_FILE);
    const byName = new Map(Object.keys(definitions).map((name) => [name, new SchemaNode()]));
    const graph: NodeGraph = {
      nodes: [],
      resolveRef: (ref) => {
        const node = byName.get(ref.replace('#/definitions/', ''));
        if (!node) throw new Error(`${KUBERNETES_FILE}: unresolved ${ref}`);
        return node;
      },
    };
    for (const [name, node] of byName) {
      fillNode(node, definitions[name], graph);
      node.semantics = DEFINITION_SEMANTICS[name];
    }
    computeNeedsWalk(graph);
    kubernetesNodes = byName;
  }
  const node = kubernetesNodes.get(definition);
  if (!node) throw new Error(`${KUBERNETES_FILE}: no definition ${definition}`);
  return node;
}

// --- ajv -----------------------------------------------------------------------------------

const INT32 = 2 ** 31;

/** Go net.ParseIP, which strfmt's ipv4 and ipv6 formats use: netip syntax without a zone. */
function isNetIp(s: string): boolean {
  try {
    return parseAddr(s).zone === '';
  } catch (e) {
    if (e instanceof IpParseError) return false;
    throw e;
  }
}

interface FormatSpec {
  readonly description: string;
  readonly definition: { type: 'string'; validate: (s: string) => boolean } | { type: 'number'; validate: (n: number) => boolean };
}

/** Formats ajv checks; any other format is ignored, as the API server ignores formats it does not know. */
const FORMATS: Readonly<Record<string, FormatSpec>> = {
  int32: { description: 'int32 (-2^31 to 2^31-1)', definition: { type: 'number', validate: (n) => n >= -INT32 && n < INT32 } },
  int64: { description: 'int64', definition: { type: 'number', validate: (n) => Math.abs(n) <= 2 ** 63 } },
  byte: { description: 'base64 string', definition: { type: 'string', validate: isBase64 } },
  'date-time': { description: 'date-time', definition: { type: 'string', validate: isStrfmtDateTime } },
  ipv4: { description: 'IPv4 address', definition: { type: 'string', validate: (s) => isNetIp(s) && s.includes('.') } },
  ipv6: { description: 'IPv6 address', definition: { type: 'string', validate: (s) => isNetIp(s) && s.includes(':') } },
  'k8s-time': { description: 'RFC 3339 time', definition: { type: 'string', validate: (s) => isRfc3339(s) } },
  'k8s-micro-time': { description: 'RFC 3339 time with microseconds', definition: { type: 'string', validate: (s) => isRfc3339(s, 6) } },
};

function isKnownFormat(format: unknown): format is string {
  return typeof format === 'string' && format in FORMATS;
}

let ajvInstance: Ajv | undefined;
function ajv(): Ajv {
  if (ajvInstance === undefined) {
    // `code` names the engine in ajv's standalone output, which we do not use.
    const regExp = Object.assign((pattern: string) => compileRe2(pattern), { code: 'compileRe2' });
    // Every jest test file compiles the schemas it uses afresh, so compile time matters more than
    // the last few percent of run time: no code optimisation pass, and shared Kubernetes definitions
    // compiled once as functions rather than inlined into every kind.
    ajvInstance = new Ajv({
      allErrors: true,
      strict: false,
      verbose: true,
      validateSchema: false,
      inlineRefs: false,
      code: { regExp, optimize: false },
    });
    for (const [name, { definition }] of Object.entries(FORMATS)) ajvInstance.addFormat(name, definition);
    ajvInstance.addKeyword({
      keyword: 'x-k8s-int-or-string',
      schemaType: 'string',
      validate: (width: string, data: unknown) => typeof data === 'string'
        || (typeof data === 'number' && Number.isInteger(data) && (width !== 'int32' || (data >= -INT32 && data < INT32))),
    });
    ajvInstance.addKeyword({
      keyword: 'x-k8s-quantity',
      schemaType: 'boolean',
      validate: (_: boolean, data: unknown) => (typeof data === 'string' || typeof data === 'number') && isQuantity(data),
    });
    const { definitions } = readSchemaFile<KubernetesFile>(KUBERNETES_FILE);
    const converted = Object.fromEntries(Object.entries(definitions).map(([name, def]) => [name, toAjvOpenApi(def, name)]));
    ajvInstance.addSchema({ $id: 'k8s', definitions: converted });
  }
  return ajvInstance;
}

/** Definitions whose Go type decodes JSON its own way; their OpenAPI entry is only a hint. */
const GO_CODED_DEFINITIONS: Readonly<Record<string, SchemaObject>> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { 'x-k8s-int-or-string': 'int32' },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { 'x-k8s-quantity': true },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'k8s-time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { type: 'string', format: 'k8s-micro-time' },
};

/** Keywords of the vendored schemas that only the walker uses. */
const WALKER_KEYWORDS = new Set([
  'default', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-validations',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string',
]);
const COPIED_KEYWORDS = new Set([
  'type', 'enum', 'required', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems',
  'minProperties', 'maxProperties', 'nullable',
]);

/**
 * A Kubernetes 1.28 OpenAPI v2 definition for ajv. The Go structs behind these definitions reject
 * unknown fields under strict decoding, so every definition with properties is closed; those without
 * (RawExtension, FieldsV1, JSON) are free-form in Go too.
 */
function toAjvOpenApi(schema: SchemaObject, definition?: string): SchemaObject {
  if (definition !== undefined && definition in GO_CODED_DEFINITIONS) return GO_CODED_DEFINITIONS[definition];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref') out.$ref = `k8s${value as string}`;
    else if (key === 'properties') out.properties = mapValues(value as Record<string, SchemaObject>, (s) => toAjvOpenApi(s));
    else if (key === 'items' || key === 'additionalProperties') out[key] = toAjvOpenApi(value as SchemaObject);
    else if (key === 'format') {
      if (isKnownFormat(value)) out.format = value;
    } else if (COPIED_KEYWORDS.has(key)) out[key] = value;
    else if (!WALKER_KEYWORDS.has(key)) throw new Error(`${definition ?? 'schema'}: unsupported keyword ${key}`);
  }
  if (out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/**
 * A CRD's structural schema for ajv. The API server prunes (and with strict field validation
 * rejects) fields of any object schema without x-kubernetes-preserve-unknown-fields or
 * additionalProperties, so those are closed. Inside logical junctors properties only restate
 * value validations and stay open.
 */
function toAjvStructural(schema: SchemaObject, inJunctor = false): SchemaObject {
  const out: Record<string, unknown> = {};
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties') out.properties = mapValues(value as Record<string, SchemaObject>, (s) => toAjvStructural(s, inJunctor));
    else if (key === 'items' || key === 'additionalProperties' || key === 'not') out[key] = toAjvStructural(value as SchemaObject, key === 'not' || inJunctor);
    else if (key === 'allOf' || key === 'oneOf' || key === 'anyOf') {
      // x-kubernetes-int-or-string comes with `anyOf: [{type: integer}, {type: string}]`, which the
      // int-or-string keyword replaces (it reports one clear error instead of three).
      if (!(intOrString && key === 'anyOf')) out[key] = (value as SchemaObject[]).map((s) => toAjvStructural(s, true));
    } else if (key === 'format') {
      if (isKnownFormat(value)) out.format = value;
    } else if (key === 'nullable') {
      if (value === true && schema.type === undefined) throw new Error('nullable without type is not supported');
      out.nullable = value;
    } else if (COPIED_KEYWORDS.has(key)) out[key] = value;
    else if (!WALKER_KEYWORDS.has(key)) throw new Error(`unsupported keyword ${key} in CRD schema`);
  }
  if (intOrString) out['x-k8s-int-or-string'] = 'int64';
  const closed = !inJunctor && schema.type === 'object' && schema['x-kubernetes-preserve-unknown-fields'] !== true;
  if (closed && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function mapValues<T, U>(record: Record<string, T>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}

// --- kinds ---------------------------------------------------------------------------------

/** Names Kubernetes validates other than as DNS subdomains (ValidateObjectMeta's name function per kind). */
const NAME_VALIDATORS: Readonly<Record<string, NameValidator>> = {
  '/Namespace': nameIsDnsLabel,
  '/Service': nameIsDns1035Label,
  'rbac.authorization.k8s.io/Role': pathSegmentName,
  'rbac.authorization.k8s.io/ClusterRole': pathSegmentName,
  'rbac.authorization.k8s.io/RoleBinding': pathSegmentName,
  'rbac.authorization.k8s.io/ClusterRoleBinding': pathSegmentName,
};

/** A schema compiled for ajv (on first use) and the walker. */
class CompiledSchema {
  private compiled?: ValidateFunction;

  constructor(readonly root: SchemaNode, private readonly ajvSchema: () => SchemaObject) {}

  /** ajv's errors for the (normalized) data. */
  errors(data: unknown): readonly ErrorObject[] {
    this.compiled ??= ajv().compile(this.ajvSchema());
    return this.compiled(data) ? [] : this.compiled.errors ?? [];
  }
}

/** Versions of a CRD, and kinds (Issuer, ClusterIssuer), often share one schema: compile it once. */
const crdSchemas = new WeakMap<SchemaObject, CompiledSchema>();
function crdSchema(schema: SchemaObject): CompiledSchema {
  let compiled = crdSchemas.get(schema);
  if (compiled === undefined) {
    compiled = new CompiledSchema(crdNode(schema), () => crdAjvSchema(schema));
    crdSchemas.set(schema, compiled);
  }
  return compiled;
}

class KindSchema {
  constructor(
    readonly group: string,
    readonly kind: string,
    readonly scope: Scope | undefined,
    private readonly schema: CompiledSchema,
  ) {}

  private get root(): SchemaNode {
    return this.schema.root;
  }

  check(obj: Record<string, unknown>): SchemaViolation[] {
    const data = normalize(this.root, obj);
    const errors = this.schema.errors(data);
    const violations = ajvViolations(errors, data, this.root);
    const metadataViolations = isObject(data) ? this.checkTopLevelMetadata(data) : [];
    violations.push(...metadataViolations);
    // Like the API server, skip CEL rules when a check failed whose failure makes their input
    // meaningless (wrong type, missing required field, unsupported value, too long).
    const blocked = errors.some((e) => BLOCKING_KEYWORDS.has(e.keyword)) || metadataViolations.some((v) => v.message === 'required value');
    const walker = new Walker(violations, !blocked);
    walker.walk(this.root, data, '');
    if (walker.skippedRules) {
      violations.push({ path: '', message: 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation' });
    }
    return violations;
  }

  private checkTopLevelMetadata(obj: Record<string, unknown>): SchemaViolation[] {
    if (this.root.properties?.get('metadata')?.semantics !== 'objectMeta') return [];
    const meta = obj.metadata;
    if (meta === undefined) return [{ path: 'metadata', message: 'required value' }];
    if (!isObject(meta)) return [];
    const violations: SchemaViolation[] = [];
    const validateName = NAME_VALIDATORS[`${this.group}/${this.kind}`] ?? nameIsDnsSubdomain;
    if (meta.name === undefined || meta.name === '') violations.push({ path: 'metadata.name', message: 'required value' });
    else if (typeof meta.name === 'string') invalid(violations, 'metadata.name', meta.name, validateName(meta.name, false));
    if (typeof meta.generateName === 'string') invalid(violations, 'metadata.generateName', meta.generateName, validateName(meta.generateName, true));
    if (typeof meta.namespace === 'string') {
      if (this.scope === 'Cluster') {
        violations.push({ path: 'metadata.namespace', message: `must not be set: ${this.kind} is cluster-scoped (the API server would drop it)` });
      } else {
        invalid(violations, 'metadata.namespace', meta.namespace, dns1123LabelErrors(meta.namespace));
      }
    }
    return violations;
  }
}

function invalid(violations: SchemaViolation[], path: string, value: unknown, problems: readonly string[]): void {
  for (const problem of problems) violations.push({ path, message: `invalid value ${show(value)}: ${problem}` });
}

type Channel = 'standard' | 'experimental';
const kindSchemas = new Map<string, KindSchema | SchemaViolation>();

function builtinKind(apiVersion: string, kind: string): KubernetesFile['kinds'][string] | undefined {
  const { kinds } = readSchemaFile<KubernetesFile>(KUBERNETES_FILE);
  const key = `${apiVersion}/${kind}`;
  return Object.hasOwn(kinds, key) ? kinds[key] : undefined;
}

function kindSchema(apiVersion: string, kind: string, channel: Channel): KindSchema | SchemaViolation {
  // Built-in kinds do not depend on the channel; share their compiled schema between channels.
  const key = builtinKind(apiVersion, kind) ? `${apiVersion}/${kind}` : `${channel} ${apiVersion}/${kind}`;
  let schema = kindSchemas.get(key);
  if (schema === undefined) {
    schema = findKind(apiVersion, kind, channel);
    kindSchemas.set(key, schema);
  }
  return schema;
}

function splitApiVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

function findKind(apiVersion: string, kind: string, channel: Channel): KindSchema | SchemaViolation {
  const [group, version] = splitApiVersion(apiVersion);
  const builtin = builtinKind(apiVersion, kind);
  if (builtin) {
    const compiled = new CompiledSchema(kubernetesNode(builtin.definition), () => ({ $ref: `k8s#/definitions/${builtin.definition}` }));
    return new KindSchema(group, kind, builtin.scope, compiled);
  }
  for (const file of CRD_FILES[channel]) {
    const crd = readSchemaFile<CrdFile>(file).kinds.find((k) => k.group === group && k.kind === kind);
    const served = crd?.versions.find((v) => v.name === version);
    if (!crd || !served) continue;
    if (!served.served) return { path: 'apiVersion', message: `${apiVersion} is not served for ${kind} (${file})` };
    const schema = readSchemaFile<CrdFile>(file).schemas[served.schema];
    return new KindSchema(group, kind, crd.scope, crdSchema(schema));
  }
  const otherChannel: Channel = channel === 'standard' ? 'experimental' : 'standard';
  const hint = CRD_FILES[otherChannel].some((file) => readSchemaFile<CrdFile>(file).kinds.some((k) => k.group === group && k.kind === kind
    && k.versions.some((v) => v.name === version && v.served)))
    ? ` (only in the ${otherChannel} channel of the Gateway API; see ValidationOptions.gatewayApiChannel)` : '';
  return { path: 'kind', message: `no schema for kind ${JSON.stringify(kind)} in apiVersion ${JSON.stringify(apiVersion)}${hint}` };
}

/**
 * Every custom resource has apiVersion, kind and metadata, whether or not its schema lists them
 * (Istio's do not), and its metadata is ObjectMeta, whatever (little) the CRD says about it.
 */
const IMPLICIT_ROOT_PROPERTIES: SchemaObject = { apiVersion: { type: 'string' }, kind: { type: 'string' } };

/** A CRD's walker tree. */
function crdNode(schema: SchemaObject): SchemaNode {
  const graph: NodeGraph = { nodes: [] };
  const root = buildNode({ ...schema, properties: { ...IMPLICIT_ROOT_PROPERTIES, ...(schema.properties as object) } }, graph);
  root.properties?.set('metadata', kubernetesNode(OBJECT_META));
  computeNeedsWalk(graph);
  return root;
}

function crdAjvSchema(schema: SchemaObject): SchemaObject {
  const converted = toAjvStructural(schema) as { properties?: Record<string, SchemaObject> };
  return {
    ...converted,
    properties: { ...IMPLICIT_ROOT_PROPERTIES, ...converted.properties, metadata: { $ref: `k8s#/definitions/${OBJECT_META}` } },
  };
}

// --- ajv errors ----------------------------------------------------------------------------

/** ajv keywords whose failure stops the API server from running CEL rules (see hasBlockingErr). */
const BLOCKING_KEYWORDS = new Set(['type', 'required', 'enum', 'maxLength', 'maxItems', 'maxProperties', 'x-k8s-int-or-string']);

function ajvViolations(errors: readonly ErrorObject[], data: unknown, root: SchemaNode): SchemaViolation[] {
  // Errors from inside a oneOf/anyOf/not branch only say why that branch did not match; the error
  // of the junctor itself says what is wrong.
  return errors
    .filter((e) => !/\/(oneOf|anyOf)\/\d+\/|\/not\//.test(e.schemaPath))
    .map((e) => {
      let path = pointerToPath(e.instancePath, data, root);
      if (e.keyword === 'required') path = joinPath(path, e.params.missingProperty as string);
      if (e.keyword === 'additionalProperties') path = joinPath(path, e.params.additionalProperty as string);
      return { path, message: describeAjvError(e) };
    });
}

function joinPath(path: string, property: string): string {
  return path === '' ? property : `${path}.${property}`;
}

/** Turns ajv's JSON pointer into the API server's path syntax: `a.b[0].c`, map keys in brackets. */
function pointerToPath(pointer: string, data: unknown, root: SchemaNode): string {
  let path = '';
  let node: SchemaNode | undefined = root;
  let value = data;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      path += `[${segment}]`;
      node = node?.items;
      value = value[Number(segment)];
    } else {
      path = node?.properties?.has(segment) || node?.additionalProperties === undefined ? joinPath(path, segment) : `${path}[${segment}]`;
      node = node?.child(segment);
      value = isObject(value) ? value[segment] : undefined;
    }
  }
  return path;
}

function describeAjvError(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return 'required value';
    case 'additionalProperties': return 'unknown field';
    case 'type': return `invalid value ${show(e.data)}: must be of type ${String(p.type)}`;
    case 'enum': return `unsupported value ${show(e.data)}: supported values: ${(p.allowedValues as unknown[]).map((v) => show(v)).join(', ')}`;
    case 'pattern': return `invalid value ${show(e.data)}: must match the regular expression ${String(p.pattern)}`;
    case 'format': return `invalid value ${show(e.data)}: must be a valid ${FORMATS[String(p.format)]?.description ?? String(p.format)}`;
    case 'minLength': return `invalid value ${show(e.data)}: must be at least ${String(p.limit)} characters long`;
    case 'maxLength': return `too long: must have at most ${String(p.limit)} characters`;
    case 'minimum':
    case 'maximum': return `invalid value ${show(e.data)}: must be ${String(p.comparison)} ${String(p.limit)}`;
    case 'minItems': return `must have at least ${String(p.limit)} items`;
    case 'maxItems': return `too many: must have at most ${String(p.limit)} items`;
    case 'minProperties': return `must have at least ${String(p.limit)} properties`;
    case 'maxProperties': return `too many: must have at most ${String(p.limit)} properties`;
    case 'oneOf':
    case 'anyOf':
    case 'not': return describeJunctor(e.keyword, e.schema);
    case 'x-k8s-int-or-string': return `invalid value ${show(e.data)}: must be an integer or a string`;
    case 'x-k8s-quantity': return `invalid value ${show(e.data)}: ${QUANTITY_MESSAGE}`;
    default: return `${e.keyword}: ${e.message ?? 'invalid'}`;
  }
}

/** The field names of `{required: [x]}` branches, or undefined if a branch says more than that. */
function requiredFieldsOf(branches: readonly SchemaObject[]): string[] | undefined {
  const fields: string[] = [];
  for (const b of branches) {
    const keys = Object.keys(b);
    if (keys.length !== 1 || keys[0] !== 'required') return undefined;
    fields.push(...(b.required as string[]));
  }
  return fields;
}

/**
 * Istio writes "at most one of a, b" as oneOf: [{not: {anyOf: [{required: [a]}, {required: [b]}]}},
 * {required: [a]}, {required: [b]}]; say that rather than "must match exactly one schema".
 */
function describeJunctor(keyword: 'oneOf' | 'anyOf' | 'not', schema: unknown): string {
  if (keyword === 'oneOf') {
    const branches = schema as SchemaObject[];
    const none = branches.find((b) => isObject(b.not));
    const fields = requiredFieldsOf(branches.filter((b) => b !== none));
    if (fields) return `must set ${none ? 'at most' : 'exactly'} one of: ${fields.join(', ')}`;
    return 'must match exactly one of the schemas in oneOf';
  }
  if (keyword === 'anyOf') {
    const fields = requiredFieldsOf(schema as SchemaObject[]);
    return fields ? `must set at least one of: ${fields.join(', ')}` : 'must match at least one of the schemas in anyOf';
  }
  const fields = requiredFieldsOf([schema as SchemaObject]);
  return fields ? `must not set ${fields.join(', ')}` : 'must not match the schema in not';
}

// --- walker --------------------------------------------------------------------------------

class Walker {
  skippedRules = false;
  private readonly celValues = new WeakMap<object, CelInput>();

  constructor(private readonly violations: SchemaViolation[], private readonly runRules: boolean) {}

  walk(node: SchemaNode, value: unknown, path: string): void {
    if (!node.needsWalk || value === undefined || value === null) return;
    if (node.semantics === 'objectMeta' && isObject(value)) this.checkObjectMeta(value, path);
    if (node.semantics === 'labelSelector' && isObject(value)) this.checkLabelSelector(value, path);
    if (Array.isArray(value)) {
      if (node.listType === 'map' || node.listType === 'set') this.checkUnique(node, value, path);
      const { items } = node;
      if (items) value.forEach((item, i) => this.walk(items, item, `${path}[${i}]`));
    } else if (isObject(value)) {
      if (node.properties) {
        for (const [key, prop] of node.properties) if (Object.hasOwn(value, key)) this.walk(prop, value[key], joinPath(path, key));
      } else if (node.additionalProperties) {
        for (const [key, member] of Object.entries(value)) this.walk(node.additionalProperties, member, `${path}[${key}]`);
      }
    }
    if (node.rules.length > 0 && matchesType(node, value)) this.evaluateRules(node, value, path);
  }

  /** x-kubernetes-list-type map (unique key tuples) and set (unique items), as the API server checks them. */
  private checkUnique(node: SchemaNode, list: readonly unknown[], path: string): void {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      const key = node.listType === 'map' && isObject(item)
        ? JSON.stringify(Object.fromEntries(node.listMapKeys.map((k) => [k, item[k]])))
        : stableJson(item);
      if (seen.has(key)) this.violations.push({ path: `${path}[${i}]`, message: `duplicate value: ${key}` });
      seen.add(key);
    });
  }

  /** apimachinery ValidateObjectMeta's label and annotation checks. */
  private checkObjectMeta(meta: Record<string, unknown>, path: string): void {
    if (isObject(meta.labels)) this.checkLabels(meta.labels, joinPath(path, 'labels'));
    if (isObject(meta.annotations)) {
      const annotationsPath = joinPath(path, 'annotations');
      let size = 0;
      for (const [key, value] of Object.entries(meta.annotations)) {
        invalid(this.violations, annotationsPath, key, qualifiedNameErrors(key.toLowerCase()));
        size += key.length + (typeof value === 'string' ? value.length : 0);
      }
      if (size > 256 * 1024) this.violations.push({ path: annotationsPath, message: `too long: must have at most ${256 * 1024} bytes` });
    }
  }

  private checkLabels(labels: Record<string, unknown>, path: string): void {
    for (const [key, value] of Object.entries(labels)) {
      invalid(this.violations, path, key, qualifiedNameErrors(key));
      if (typeof value === 'string') invalid(this.violations, path, value, labelValueErrors(value));
    }
  }

  /** apimachinery ValidateLabelSelector. */
  private checkLabelSelector(selector: Record<string, unknown>, path: string): void {
    if (isObject(selector.matchLabels)) this.checkLabels(selector.matchLabels, joinPath(path, 'matchLabels'));
    if (!Array.isArray(selector.matchExpressions)) return;
    selector.matchExpressions.forEach((expr: unknown, i) => {
      if (!isObject(expr)) return;
      const exprPath = `${joinPath(path, 'matchExpressions')}[${i}]`;
      const values = Array.isArray(expr.values) ? expr.values : [];
      if (expr.operator === 'In' || expr.operator === 'NotIn') {
        if (values.length === 0) this.violations.push({ path: `${exprPath}.values`, message: "required value: must be specified when `operator` is 'In' or 'NotIn'" });
      } else if (expr.operator === 'Exists' || expr.operator === 'DoesNotExist') {
        if (values.length > 0) this.violations.push({ path: `${exprPath}.values`, message: "forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'" });
      } else if (typeof expr.operator === 'string') {
        this.violations.push({ path: `${exprPath}.operator`, message: `invalid value ${show(expr.operator)}: not a valid selector operator` });
      }
      if (typeof expr.key === 'string') invalid(this.violations, `${exprPath}.key`, expr.key, qualifiedNameErrors(expr.key));
      values.forEach((v: unknown, j) => {
        if (typeof v === 'string') invalid(this.violations, `${exprPath}.values[${j}]`, v, labelValueErrors(v));
      });
    });
  }

  private evaluateRules(node: SchemaNode, value: unknown, path: string): void {
    if (!this.runRules) {
      this.skippedRules = true;
      return;
    }
    const self = this.toCel(node, value);
    for (const rule of node.rules) {
      if (rule.compileError !== undefined) {
        this.violations.push({ path, message: `rule does not compile: ${rule.compileError}`, rule: rule.source.rule });
        continue;
      }
      if (rule.program === undefined) continue;
      const result = rule.program(self);
      if (result === true) continue;
      if (isCelError(result)) {
        this.violations.push({ path, message: `${result.message} evaluating rule: ${ruleText(rule)}`, rule: rule.source.rule });
        continue;
      }
      const { fieldPath } = rule.source;
      this.violations.push({
        path: fieldPath === undefined ? path : `${path}${path === '' ? fieldPath.replace(/^\./, '') : fieldPath}`,
        message: ruleMessage(rule, self),
        rule: rule.source.rule,
      });
    }
  }

  /**
   * The CEL value of a schema node, typed as Kubernetes types it: objects as maps under their
   * escaped property names (only declared properties are visible), integers as CEL int (bigint),
   * `number` as double, `byte` strings as bytes and `date-time` strings as timestamps.
   */
  private toCel(node: SchemaNode | undefined, value: unknown): CelInput {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number') return node?.type !== 'number' && Number.isInteger(value) ? BigInt(value) : value;
    if (typeof value === 'string') return stringToCel(node, value);
    if (typeof value !== 'object') return value as CelInput;
    const cached = this.celValues.get(value);
    if (cached !== undefined) return cached;
    let converted: CelInput;
    if (Array.isArray(value)) {
      converted = value.map((item) => this.toCel(node?.items, item));
    } else {
      const map = new Map<string, CelInput>();
      const record = value as Record<string, unknown>;
      if (node?.properties && node.celNames) {
        for (const [key, celName] of node.celNames) {
          if (Object.hasOwn(record, key)) map.set(celName, this.toCel(node.properties.get(key), record[key]));
        }
      } else {
        for (const [key, member] of Object.entries(record)) map.set(key, this.toCel(node?.additionalProperties, member));
      }
      converted = map;
    }
    this.celValues.set(value, converted);
    return converted;
  }
}

function stringToCel(node: SchemaNode | undefined, value: string): CelInput {
  if (node?.format === 'byte' && isBase64(value)) return new Uint8Array(Buffer.from(value, 'base64'));
  if ((node?.format === 'date-time' && isStrfmtDateTime(value)) || (node?.format === 'date' && isFullDate(value))) {
    const upper = value.toUpperCase();
    const ms = Date.parse(upper);
    if (Number.isNaN(ms)) return value;
    const nanos = Number((/\.(\d+)/.exec(upper)?.[1] ?? '').padEnd(9, '0').slice(0, 9));
    return create(TimestampSchema, { seconds: BigInt(Math.floor(ms / 1000)), nanos });
  }
  return value;
}

function matchesType(node: SchemaNode, value: unknown): boolean {
  if (node.intOrString) return typeof value === 'number' || typeof value === 'string';
  switch (node.type) {
    case 'object': return isObject(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number';
    case 'boolean': return typeof value === 'boolean';
    default: return true;
  }
}

/** apiextensions ruleErrorString: the message if there is one, else the rule. */
function ruleText(rule: CompiledRule): string {
  return (rule.source.message ?? rule.source.rule).trim();
}

/** The message of a failed rule: messageExpression if it yields a usable string, else message, else "failed rule". */
function ruleMessage(rule: CompiledRule, self: CelInput): string {
  if (rule.messageProgram) {
    const message: CelResult = rule.messageProgram(self);
    if (typeof message === 'string' && message.trim() !== '' && !/[\r\n]/.test(message)) return message;
  }
  return rule.source.message !== undefined && rule.source.message.trim() !== ''
    ? rule.source.message.trim() : `failed rule: ${rule.source.rule.trim()}`;
}

// --- helpers -------------------------------------------------------------------------------

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with sorted keys, so equal objects compare equal as strings. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

function show(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
