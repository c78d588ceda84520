import { parseArgs } from 'node:util';
import { UsageError } from './command';

export interface OptionSpec {
  readonly [name: string]: { readonly type: 'string' | 'boolean'; readonly short?: string; readonly multiple?: boolean };
}

/** Node's own argument parser, strict: an unknown option is a usage error naming it. */
export function parse<T extends OptionSpec>(args: readonly string[], options: T): { values: Record<string, string | string[] | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options: Object.assign({}, options, { help: { type: 'boolean' as const, short: 'h' } }), allowPositionals: true, strict: true });
    return { values: values as Record<string, string | string[] | boolean | undefined>, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\.$/, '').replace(/^Unknown option/, 'unknown option'));
  }
}

export function strings(value: string | string[] | boolean | undefined): string[] {
  if (value === undefined || typeof value === 'boolean') return [];
  return Array.isArray(value) ? value : [value];
}

/** `namespace/name`, or a bare name (an Ingress class, or a Gateway name that is unique). */
export function gatewayArg(value: string | string[] | boolean | undefined): { namespace?: string; name: string } | undefined {
  const [text] = strings(value);
  if (text === undefined) return undefined;
  const slash = text.indexOf('/');
  if (slash === 0 || slash === text.length - 1) throw new UsageError(`--gateway ${JSON.stringify(text)}: expected namespace/name, or a name`);
  return slash < 0 ? { name: text } : { namespace: text.slice(0, slash), name: text.slice(slash + 1) };
}
