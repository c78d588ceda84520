// The parts of a schema that ajv does not act on, as a tree (a graph for the recursive Kubernetes
// definitions): defaults and nullability (applied before validation, as the API server does), list
// types, CEL rules with the names CEL sees the properties under, and the Kubernetes Go checks
// attached to ObjectMeta and LabelSelector. Logical junctors (allOf, anyOf, oneOf, not) are left to
// ajv: structural schemas may not put defaults, list types or rules inside them.
import { CelCompileError, compileCel, referencesOldSelf, type CelProgram } from './kubernetes-cel';

export type SchemaObject = { readonly [keyword: string]: unknown };

export interface ValidationRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
}

export interface CompiledRule {
  readonly source: ValidationRule;
  /** Absent for transition rules (see compileRule) and for rules that do not compile. */
  readonly program?: CelProgram;
  readonly messageProgram?: CelProgram;
  readonly compileError?: string;
}

type Semantics = 'objectMeta' | 'labelSelector';

export class SchemaNode {
  type?: string;
  format?: string;
  nullable = false;
  intOrString = false;
  hasDefault = false;
  defaultValue: unknown;
  properties?: Map<string, SchemaNode>;
  /** Property name -> CEL field name, for the properties CEL can reach. */
  celNames?: Map<string, string>;
  additionalProperties?: SchemaNode;
  items?: SchemaNode;
  listType?: string;
  listMapKeys: readonly string[] = [];
  rules: readonly CompiledRule[] = [];
  semantics?: Semantics;
  /** Whether the subtree holds anything for the walker: rules, set/map lists, semantic checks. */
  needsWalk = false;

  /** The schema of a member of an object value. */
  child(key: string): SchemaNode | undefined {
    return this.properties?.get(key) ?? this.additionalProperties;
  }
}

export interface NodeGraph {
  /** Every node built, for computing needsWalk over cycles. */
  readonly nodes: SchemaNode[];
  /** Resolves a `$ref` (OpenAPI v2 documents only). */
  readonly resolveRef?: (ref: string) => SchemaNode;
}

/** Builds the node of a schema, or returns the shared node of a `$ref`. */
export function buildNode(schema: SchemaObject, graph: NodeGraph): SchemaNode {
  if (typeof schema.$ref === 'string') {
    if (!graph.resolveRef) throw new Error(`unexpected $ref ${schema.$ref}`);
    return graph.resolveRef(schema.$ref);
  }
  return fillNode(new SchemaNode(), schema, graph);
}

export function fillNode(node: SchemaNode, schema: SchemaObject, graph: NodeGraph): SchemaNode {
  graph.nodes.push(node);
  if (typeof schema.type === 'string') node.type = schema.type;
  if (typeof schema.format === 'string') node.format = schema.format;
  node.nullable = schema.nullable === true;
  node.intOrString = schema['x-kubernetes-int-or-string'] === true || schema.format === 'int-or-string';
  if ('default' in schema) {
    node.hasDefault = true;
    node.defaultValue = schema.default;
  }
  if (isSchemaObject(schema.properties)) {
    node.properties = new Map();
    node.celNames = new Map();
    for (const [name, sub] of Object.entries(schema.properties)) {
      node.properties.set(name, buildNode(sub as SchemaObject, graph));
      const celName = escapeCelName(name);
      if (celName !== undefined) node.celNames.set(name, celName);
    }
  }
  if (isSchemaObject(schema.additionalProperties)) node.additionalProperties = buildNode(schema.additionalProperties, graph);
  if (isSchemaObject(schema.items)) node.items = buildNode(schema.items, graph);
  if (typeof schema['x-kubernetes-list-type'] === 'string') node.listType = schema['x-kubernetes-list-type'];
  if (Array.isArray(schema['x-kubernetes-list-map-keys'])) node.listMapKeys = schema['x-kubernetes-list-map-keys'] as string[];
  if (Array.isArray(schema['x-kubernetes-validations'])) {
    node.rules = (schema['x-kubernetes-validations'] as ValidationRule[]).map(compileRule);
  }
  return node;
}

function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Compiles a rule once (compileCel caches by text); rules that do not compile are reported when evaluated. */
function compileRule(source: ValidationRule): CompiledRule {
  try {
    const program = compileCel(source.rule);
    // Transition rules compare with the stored object (oldSelf). We only validate objects as they
    // are created, and on create the API server skips transition rules.
    if (referencesOldSelf(source.rule)) return { source };
    const messageProgram = source.messageExpression === undefined ? undefined : compileCel(source.messageExpression);
    return { source, program, messageProgram };
  } catch (e) {
    if (e instanceof CelCompileError) return { source, compileError: e.message };
    throw e;
  }
}

/** Sets needsWalk on every node of a graph (a fixpoint, since definitions may be recursive). */
export function computeNeedsWalk(graph: NodeGraph): void {
  for (const node of graph.nodes) {
    node.needsWalk = node.rules.length > 0 || node.listType === 'map' || node.listType === 'set' || node.semantics !== undefined;
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const node of graph.nodes) {
      if (node.needsWalk) continue;
      const children = [...(node.properties?.values() ?? []), node.additionalProperties, node.items];
      if (children.some((c) => c?.needsWalk)) {
        node.needsWalk = true;
        changed = true;
      }
    }
  }
}

const CEL_RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);

/**
 * The name CEL rules use for a property (apiserver cel.Escape): reserved words become `__word__`,
 * `__` `.` `-` `/` become `__underscores__` `__dot__` `__dash__` `__slash__`; other names are not
 * reachable from CEL.
 */
export function escapeCelName(name: string): string | undefined {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) return undefined;
  return name.replace(/__|[.\-/]/g, (m) => ({ __: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' })[m] ?? m);
}

/**
 * A copy of a value as the API server validates it: null members of non-nullable fields removed
 * (for built-in types a JSON null is Go's zero value), then CRD defaults filled in, recursively
 * (defaults inside defaults too).
 */
export function normalize(node: SchemaNode | undefined, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => normalize(node?.items, item));
  if (typeof value !== 'object' || value === null) return value;
  const entries: [string, unknown][] = [];
  const present = new Set<string>();
  for (const [key, member] of Object.entries(value)) {
    const sub = node?.child(key);
    if (member === undefined || (member === null && sub !== undefined && !sub.nullable)) continue;
    entries.push([key, member]);
    present.add(key);
  }
  for (const [key, prop] of node?.properties ?? []) {
    if (prop.hasDefault && !present.has(key)) entries.push([key, structuredClone(prop.defaultValue)]);
  }
  // Object.fromEntries defines own properties, so a "__proto__" key stays data.
  return Object.fromEntries(entries.map(([key, member]) => [key, normalize(node?.child(key), member)]));
}
