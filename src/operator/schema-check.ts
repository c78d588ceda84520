/**
 * Checks a value against the structural schema of a CRD (the generated one of
 * src/operator/generated/crds.ts) as the API server would before accepting a
 * custom resource: types, unknown fields, required fields, enums, bounds,
 * lengths, patterns and set-lists. In the cluster the API server has done
 * this already; the KRM function reads resources nobody has checked. The CEL
 * rules are not evaluated here: what they catch, the decoder and the
 * constructs catch too, with messages naming the same field.
 */

/** The keywords of a structural schema this project generates. */
export interface StructuralSchema {
  /** @default - none */
  readonly type?: string;
  /** @default - none */
  readonly properties?: Readonly<Record<string, StructuralSchema>>;
  /** @default - none */
  readonly additionalProperties?: StructuralSchema;
  /** @default - none */
  readonly items?: StructuralSchema;
  /** @default - none */
  readonly required?: readonly string[];
  /** @default - none */
  readonly enum?: readonly unknown[];
  /** @default - none */
  readonly minimum?: number;
  /** @default - none */
  readonly maximum?: number;
  /** @default - none */
  readonly minLength?: number;
  /** @default - none */
  readonly maxLength?: number;
  /** @default - none */
  readonly minItems?: number;
  /** @default - none */
  readonly maxItems?: number;
  /** @default - none */
  readonly minProperties?: number;
  /** @default - none */
  readonly maxProperties?: number;
  /** @default - none */
  readonly pattern?: string;
  /** @default - none */
  readonly 'x-kubernetes-list-type'?: string;
  /** @default - none */
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
}

/** A problem with a field, named by its path (`spec.routes[1].timeout`). */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

const patterns = new Map<string, RegExp>();

/** Every problem of `value` against `schema`, the field paths starting at `path`. */
export function checkSchema(schema: StructuralSchema, value: unknown, path: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  check(schema, value, path, problems);
  return problems;
}

function check(schema: StructuralSchema, value: unknown, path: string, problems: FieldProblem[]): void {
  const problem = (message: string) => problems.push({ path, message });
  switch (schema.type) {
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return void problem(`expected an object, received ${describe(value)}`);
      if (schema['x-kubernetes-preserve-unknown-fields']) return;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      if (schema.minProperties !== undefined && keys.length < schema.minProperties) problem(`needs at least ${schema.minProperties} entries`);
      if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) problem(`has ${keys.length} entries; at most ${schema.maxProperties} are allowed`);
      for (const name of schema.required ?? []) {
        if (record[name] === undefined) problems.push({ path: join(path, name), message: 'is required' });
      }
      for (const key of keys) {
        const sub = schema.properties?.[key] ?? schema.additionalProperties;
        const at = schema.properties ? join(path, key) : `${path}[${JSON.stringify(key)}]`;
        if (sub === undefined) {
          const known = Object.keys(schema.properties ?? {});
          problems.push({ path: at, message: `is not a known field${known.length > 0 ? `; known fields: ${known.join(', ')}` : ' (this object takes no fields)'}` });
        } else if (record[key] !== undefined) {
          check(sub, record[key], at, problems);
        }
      }
      return;
    }
    case 'array': {
      if (!Array.isArray(value)) return void problem(`expected a list, received ${describe(value)}`);
      if (schema.minItems !== undefined && value.length < schema.minItems) problem(`needs at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems) problem(`has ${value.length} items; at most ${schema.maxItems} are allowed`);
      if (schema['x-kubernetes-list-type'] === 'set') {
        const seen = new Set<string>();
        value.forEach((item, i) => {
          const key = JSON.stringify(item);
          if (seen.has(key)) problems.push({ path: `${path}[${i}]`, message: `${key} is listed twice` });
          seen.add(key);
        });
      }
      if (schema.items) value.forEach((item, i) => check(schema.items!, item, `${path}[${i}]`, problems));
      return;
    }
    case 'string': {
      if (typeof value !== 'string') return void problem(`expected a string, received ${describe(value)}`);
      if (schema.minLength !== undefined && value.length < schema.minLength) problem(`must be at least ${schema.minLength} character${schema.minLength === 1 ? '' : 's'} long`);
      if (schema.maxLength !== undefined && value.length > schema.maxLength) problem(`is ${value.length} characters long; at most ${schema.maxLength} are allowed`);
      if (schema.pattern !== undefined && !pattern(schema.pattern).test(value)) problem(`${describe(value)} does not match ${schema.pattern}`);
      break;
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return void problem(`expected a number, received ${describe(value)}`);
      if (schema.type === 'integer' && !Number.isInteger(value)) return void problem(`expected a whole number, received ${value}`);
      if (schema.minimum !== undefined && value < schema.minimum) problem(`${value} is less than the minimum ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum) problem(`${value} is more than the maximum ${schema.maximum}`);
      break;
    }
    case 'boolean':
      if (typeof value !== 'boolean') return void problem(`expected true or false, received ${describe(value)}`);
      break;
    default:
      break;
  }
  if (schema.enum !== undefined && !schema.enum.includes(value)) problem(`${describe(value)} is not allowed; allowed: ${schema.enum.join(', ')}`);
}

function pattern(source: string): RegExp {
  let compiled = patterns.get(source);
  if (!compiled) patterns.set(source, (compiled = new RegExp(source, 'u')));
  return compiled;
}

function join(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** A value for a message, never long or multi-line. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
