import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { RenderedApiObject } from '../../src/constructs/rendered-object';
import * as certManager from '../../src/imports/cert-manager.io';
import * as gatewayApi from '../../src/imports/gateway.networking.k8s.io';
import * as istio from '../../src/imports/networking.istio.io';

type Convert = (props: any) => Record<string, unknown> | undefined;

/**
 * The `toJson_<Class>Props` function of every generated L1 class, by
 * `apiVersion` and `kind`: what the L1 class's `toJson()` applies to the
 * resolved object.
 */
const L1_CONVERSIONS: ReadonlyMap<string, Convert> = (() => {
  const conversions = new Map<string, Convert>();
  for (const module of [istio, gatewayApi, certManager] as Record<string, any>[]) {
    for (const [name, value] of Object.entries(module)) {
      const convert = module[`toJson_${name}Props`];
      if (typeof value === 'function' && value.GVK && typeof convert === 'function') conversions.set(`${value.GVK.apiVersion}|${value.GVK.kind}`, convert);
    }
  }
  return conversions;
})();

/**
 * The renderers emit plain JSON, typed by the generated L1 classes' spec
 * types for the CRD kinds (Istio, Gateway API, cert-manager), and the
 * constructs create it as plain ApiObjects. For a CRD kind that is what its L1
 * class would write exactly when the L1 conversion leaves the object
 * unchanged, field names and key order included: a field whose JSON name is
 * not its TypeScript name (Istio's `mirror_percent`) would differ. This
 * checks every such object under `scope` (call it after synthesis, when the
 * objects exist) and lists the ones that differ. Kubernetes kinds are plain
 * JSON too; the strict schema validation, where an unknown field is an
 * error, covers them.
 */
export function objectsRenderedAsL1Would(scope: IConstruct): string[] {
  const problems: string[] = [];
  for (const construct of scope.node.findAll()) {
    // Plain ApiObjects and the library's rendered ones (a subclass that only writes the same body faster); not the L1 classes themselves.
    if (!(construct instanceof ApiObject) || (construct.constructor !== ApiObject && !isRenderedApiObject(construct))) continue;
    const convert = L1_CONVERSIONS.get(`${construct.apiVersion}|${construct.kind}`);
    if (convert === undefined) continue;
    const json = construct.toJson();
    const viaL1 = JSON.stringify({ apiVersion: construct.apiVersion, kind: construct.kind, ...convert(json) });
    if (viaL1 !== JSON.stringify(json)) {
      problems.push(`[${construct.node.path}] ${construct.kind} renders differently from its L1 class:\n    plain: ${JSON.stringify(json)}\n    L1:    ${viaL1}`);
    }
  }
  return problems;
}

/**
 * Whether the construct is one of the library's rendered objects (or of a subclass). Not
 * `instanceof`: cdk8s's ApiObject defines Symbol.hasInstance (any ApiObject passes, whatever the
 * class), and RenderedApiObject inherits it.
 */
export function isRenderedApiObject(construct: IConstruct): construct is RenderedApiObject {
  return Object.prototype.isPrototypeOf.call(RenderedApiObject.prototype, construct);
}
