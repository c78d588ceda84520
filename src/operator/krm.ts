import { parse, stringify } from 'yaml';
import { CustomResource, isOperatorResource, render } from './render';

/**
 * The render as a KRM function (the kpt/kustomize function specification,
 * `cmd/config/docs/api-conventions/functions-spec.md` of kustomize): a
 * ResourceList in, a ResourceList out. The custom resources among its items
 * are replaced by the objects they render to, every other item passes
 * through unchanged; each resource that cannot be rendered gets a result of
 * severity `error` naming it (`resourceRef`), the field (`field.path`) and
 * its file (`file`, from the orchestrator's internal annotations), and the
 * function exits 1. Nothing of an invalid resource is rendered, and nothing
 * is rendered from a spec that was never checked: unlike the operator, a
 * pipeline keeps no applied spec to fall back to.
 */

/** A result of the function, as the specification's `Result` schema has it. */
export interface KrmResult {
  readonly message: string;
  readonly severity: 'error' | 'warning' | 'info';
  /** @default - none */
  readonly resourceRef?: { readonly apiVersion: string; readonly kind: string; readonly name: string; readonly namespace?: string };
  /** @default - none */
  readonly field?: { readonly path: string };
  /** @default - none */
  readonly file?: { readonly path: string; readonly index?: number };
}

/** What the function writes and how it exits. */
export interface KrmOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

const PATH_ANNOTATIONS = ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path'];
const INDEX_ANNOTATIONS = ['internal.config.kubernetes.io/index', 'config.kubernetes.io/index'];

/** Runs the function on the text of a ResourceList (YAML or JSON). */
export function krmFunction(input: string): KrmOutput {
  let list: unknown;
  try {
    list = parse(input);
  } catch (e) {
    return fail(`the input is not YAML: ${(e as Error).message}`);
  }
  if (list === null || typeof list !== 'object' || Array.isArray(list)) return fail('the input must be a ResourceList (an object with kind: ResourceList and items)');
  const { apiVersion, kind, items } = list as { apiVersion?: unknown; kind?: unknown; items?: unknown };
  if (kind !== 'ResourceList') return fail(`the input must be a ResourceList, not ${JSON.stringify(kind)}`);
  if (items !== undefined && !Array.isArray(items)) return fail('items of the ResourceList must be a list');
  const all = (items ?? []) as unknown[];
  const resources = all.filter(isOperatorResource) as CustomResource[];
  const malformed = resources.filter((r) => r.metadata === null || typeof r.metadata !== 'object' || typeof r.metadata.name !== 'string');
  const rendered = render(resources.filter((r) => !malformed.includes(r)));

  const outItems: unknown[] = [];
  const results: KrmResult[] = malformed.map((r) => ({
    message: 'metadata.name is required',
    severity: 'error' as const,
    field: { path: 'metadata.name' },
    ...fileOf(r),
  }));
  for (const item of all) {
    if (!isOperatorResource(item)) {
      outItems.push(item);
      continue;
    }
    if (malformed.includes(item)) continue;
    const resource = [...rendered.values()].find((r) => r.resource === item);
    if (!resource) continue;
    if (resource.objects) {
      outItems.push(...resource.objects);
      continue;
    }
    for (const problem of resource.problems) {
      results.push({
        message: `${problem.message} (${problem.reason})`,
        severity: 'error',
        resourceRef: { apiVersion: item.apiVersion, kind: item.kind, name: resource.name, namespace: resource.namespace },
        field: { path: problem.field },
        ...fileOf(item),
      });
    }
  }
  const output = {
    apiVersion: typeof apiVersion === 'string' ? apiVersion : 'config.kubernetes.io/v1',
    kind: 'ResourceList',
    items: outItems,
    ...(results.length > 0 ? { results } : {}),
  };
  return { stdout: stringify(output, { lineWidth: 0 }), stderr: '', exitCode: results.some((r) => r.severity === 'error') ? 1 : 0 };
}

function fileOf(resource: CustomResource): Pick<KrmResult, 'file'> {
  const annotations = (resource.metadata?.annotations ?? {}) as Record<string, unknown>;
  const path = PATH_ANNOTATIONS.map((a) => annotations[a]).find((v): v is string => typeof v === 'string');
  if (path === undefined) return {};
  const index = Number(INDEX_ANNOTATIONS.map((a) => annotations[a]).find((v) => v !== undefined) ?? 0);
  return { file: { path, ...(Number.isInteger(index) && index > 0 ? { index } : {}) } };
}

function fail(message: string): KrmOutput {
  return { stdout: '', stderr: `${message}\n`, exitCode: 1 };
}
