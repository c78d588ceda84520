/**
 * Quotes a value for an error message, whatever its type (a BigInt, a
 * cyclic object, NaN), without ever dumping large or multi-line content: at
 * most 80 characters are shown.
 */
export function show(value: unknown): string {
  return clip(describe(value));
}

/** A text for a message, unquoted, shortened to 80 characters (77 and `...`) when longer. */
export function clip(text: string): string {
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
