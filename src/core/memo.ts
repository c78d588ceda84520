/**
 * Caching for values derived from mutable constructs (a gateway's model is
 * read by its Gateway object, its proxy Service and the validation of every
 * route; computing it once per state keeps synthesis linear).
 *
 * Every mutator of a construct calls `changed()`; a Memo recomputes when
 * anything changed since it last computed. One counter for the whole process
 * is coarse but can never serve a stale value.
 */
let generation = 0;

/** Records that some construct state changed. */
export function changed(): void {
  generation++;
}

export class Memo<T> {
  private value: T | undefined;
  private computedAt = -1;

  public get(compute: () => T): T {
    if (this.computedAt !== generation) {
      this.value = compute();
      this.computedAt = generation;
    }
    return this.value as T;
  }
}
