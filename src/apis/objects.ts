import { ApiObject, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';

/** A generated L1 class (`src/imports/`, `kplus.k8s`): the kind it creates and the props it takes. */
export interface ObjectType<P> {
  readonly GVK: GroupVersionKind;
  new (scope: Construct, id: string, props: P): ApiObject;
}

/**
 * Creates an object of a generated kind as a plain ApiObject, its props typed
 * by the L1 class. The L1 class's `toJson()` copies the whole resolved object
 * once more through its `toJson_*` functions, only to map TypeScript field
 * names to JSON names; for everything the renderers emit the two names are the
 * same, so that copy was pure cost (a fifth of our synthesis time per route).
 * Every object the tests synthesise is checked to come out exactly as the L1
 * class would render it (test/support/typed-objects.ts). A kind whose output
 * uses a field with a different JSON name (Istio's `mirror_percent`,
 * cert-manager's `isCA`) fails that check: create it with its L1 class.
 */
export function newObject<P extends object>(type: ObjectType<P>, scope: Construct, id: string, props: NoInfer<P>): ApiObject {
  return new ApiObject(scope, id, { ...type.GVK, ...props });
}
