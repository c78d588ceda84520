// Reads the vendored schemas for tests that check something about every one of them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SchemaObject, ValidationRule } from './structural-schema';

const SCHEMA_DIR = join(__dirname, '..', 'schemas');

export interface SchemaSource {
  /** e.g. `gateway-api-v1.6.1-standard.json HTTPRoute v1` */
  readonly origin: string;
  readonly schema: SchemaObject;
}

/** Every CRD version schema and every Kubernetes definition of the vendored files. */
export function vendoredSchemas(): SchemaSource[] {
  const sources: SchemaSource[] = [];
  for (const file of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json')).sort()) {
    const data = JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as {
      kinds: unknown;
      definitions?: Record<string, SchemaObject>;
      schemas?: SchemaObject[];
    };
    if (data.definitions) {
      for (const [name, schema] of Object.entries(data.definitions)) sources.push({ origin: `${file} ${name}`, schema });
    }
    if (data.schemas) {
      const kinds = data.kinds as { kind: string; versions: { name: string; schema: number }[] }[];
      data.schemas.forEach((schema, i) => {
        const users = kinds.flatMap((k) => k.versions.filter((v) => v.schema === i).map((v) => `${k.kind} ${v.name}`));
        sources.push({ origin: `${file} ${users.join(', ')}`, schema });
      });
    }
  }
  return sources;
}

/** Calls fn with every schema node (not junctor branches' values such as enum or default). */
export function forEachNode(schema: SchemaObject, fn: (node: SchemaObject, path: string) => void, path = ''): void {
  fn(schema, path);
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties') {
      for (const [name, sub] of Object.entries(value as Record<string, SchemaObject>)) forEachNode(sub, fn, `${path}.${name}`);
    } else if (key === 'items' || key === 'additionalProperties' || key === 'not') {
      if (typeof value === 'object' && value !== null) forEachNode(value as SchemaObject, fn, `${path}${key === 'items' ? '[]' : `/${key}`}`);
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      (value as SchemaObject[]).forEach((sub, i) => forEachNode(sub, fn, `${path}/${key}/${i}`));
    }
  }
}

/** Every x-kubernetes-validations rule with where it is, duplicates included. */
export function vendoredRules(): { origin: string; rule: ValidationRule }[] {
  const rules: { origin: string; rule: ValidationRule }[] = [];
  for (const { origin, schema } of vendoredSchemas()) {
    forEachNode(schema, (node, path) => {
      for (const rule of (node['x-kubernetes-validations'] as ValidationRule[] | undefined) ?? []) {
        rules.push({ origin: `${origin} ${path || '(root)'}`, rule });
      }
    });
  }
  return rules;
}

/** Every served apiVersion/kind of the vendored CRD files of a Gateway API channel. */
export function vendoredCrdKinds(channel: 'standard' | 'experimental'): { apiVersion: string; kind: string }[] {
  const other = channel === 'standard' ? 'experimental' : 'standard';
  const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json') && !f.startsWith('kubernetes-') && !f.includes(other));
  return files.flatMap((file) => {
    const { kinds } = JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as {
      kinds: { group: string; kind: string; versions: { name: string; served: boolean }[] }[];
    };
    return kinds.flatMap((k) => k.versions.filter((v) => v.served).map((v) => ({ apiVersion: `${k.group}/${v.name}`, kind: k.kind })));
  });
}
