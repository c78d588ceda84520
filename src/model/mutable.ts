/** `T` with its fields writable: for a model or rendered object built field by field before it is handed out read-only. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
