/**
 * Plain objects built so that objects of one shape share one V8 hidden class.
 *
 * On Node 20 (V8 11.3) an object literal that starts with the spread of a
 * non-empty object and goes on with more fields (`{ ...ref, weight }`,
 * `{ ...labels, ...more }`, `{ ...(port ? { port } : {}), path }`) gets a hidden
 * class of its own every time: 1,000 such copies of same-shaped objects have
 * 992 maps (`%HaveSameMap`), where `Object.assign({}, ref, { weight })` or
 * fields assigned one by one give them one. Objects built that way make every
 * function that reads them megamorphic, get code deoptimised again and again
 * ("wrong map"), and keep thousands of maps alive: the rich bench scenario held
 * 37,000 maps and descriptor arrays (3.4 MB) instead of 9,500 (0.9 MB).
 * `test/object-literals.test.ts` keeps such literals out of `src/`.
 */

/**
 * `{ ...base, ...extra }`: the fields of `base` in their order, then those of
 * `extra` (a field of both keeps its place and takes `extra`'s value, as with a
 * spread). Like a spread it copies own enumerable fields; unlike a spread, a
 * field named `__proto__` would set the prototype, so give it checked names
 * only (label keys are qualified names, checked before they get here).
 * The copy starts as `{}`, which V8 gives room for four fields: an object
 * made once per backend or match with more fields is better spelled out as one
 * literal (see `withNamespace` in values/backend.ts).
 */
export function extended<T extends object, U extends object>(base: T, extra: U): Omit<T, keyof U> & U {
  return Object.assign({}, base, extra);
}

/**
 * The fields whose value is not undefined, in their order: optional fields
 * left out rather than written as `undefined`, in place of a literal of
 * conditional spreads (`...(port === undefined ? {} : { port })`).
 */
export function definedFields<T extends object>(fields: T): DefinedFields<T> {
  const defined: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) {
    const value = (fields as Record<string, unknown>)[key];
    if (value !== undefined) defined[key] = value;
  }
  return defined as DefinedFields<T>;
}

/** `T` with the fields that may be undefined made optional (and never undefined). */
export type DefinedFields<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & { [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined> };
