import { IConstruct } from 'constructs';

/**
 * An invalid prop, or an invalid combination of props, found while building
 * constructs.
 *
 * The message always names the construct path, the field, the value received
 * and what is allowed, e.g.
 * `[app/chart/httpbin] hosts[0]: "Httpbin.example.com" is not a valid hostname: ...`.
 * Problems that can only be seen once every construct exists (two services
 * claiming the same route, a host no listener serves) are reported by
 * `App.synth()` through construct validations, in the same format.
 */
export class ValidationError extends Error {
  /** Path of the construct whose props are invalid. */
  public readonly constructPath: string;
  /** The prop (or prop path, e.g. `routes[1].matches[0].path`) that is invalid. */
  public readonly field: string;

  constructor(constructPath: string, field: string, problem: string) {
    super(`[${constructPath}] ${field}: ${problem}`);
    this.name = 'ValidationError';
    this.constructPath = constructPath;
    this.field = field;
  }
}

/** Throws a ValidationError for `scope`. */
export function invalid(scope: IConstruct, field: string, problem: string): never {
  throw new ValidationError(scope.node.path, field, problem);
}

/**
 * Quotes a value for an error message, whatever its type (a BigInt, a
 * cyclic object, NaN), without ever dumping large or multi-line content: at
 * most 80 characters are shown.
 */
export function show(value: unknown): string {
  const text = describe(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function describe(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    case 'function':
      return 'a function';
    default:
      if (value === null) return 'null';
      try {
        return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${v}n` : v)) ?? Object.prototype.toString.call(value);
      } catch {
        return Object.prototype.toString.call(value);
      }
  }
}

/**
 * A problem found at synth time, phrased like a ValidationError message minus
 * the construct path (cdk8s prefixes validation messages with the path itself).
 */
export function problem(field: string, text: string): string {
  return `${field}: ${text}`;
}
