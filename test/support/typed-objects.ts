import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
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
  for (const module of [istio, gatewayApi, certManager, kplus.k8s] as Record<string, any>[]) {
    for (const [name, value] of Object.entries(module)) {
      const convert = module[`toJson_${name}Props`];
      if (typeof value === 'function' && value.GVK && typeof convert === 'function') conversions.set(`${value.GVK.apiVersion}|${value.GVK.kind}`, convert);
    }
  }
  return conversions;
})();

/**
 * Renderers create objects of generated kinds as plain ApiObjects
 * (`newObject` in src/apis/objects.ts), skipping the L1 class's name-mapping
 * copy. That is output-preserving exactly when the L1 conversion leaves the
 * object unchanged, field names and key order included (so the YAML is
 * byte-identical). This checks it for every such object under `scope`, and
 * lists the ones that differ: an object using a field whose JSON name is not
 * its TypeScript name, such as Istio's `mirror_percent`, has to be created with
 * its L1 class.
 */
export function objectsRenderedAsL1Would(scope: IConstruct): string[] {
  const problems: string[] = [];
  for (const construct of scope.node.findAll()) {
    if (!(construct instanceof ApiObject) || construct.constructor !== ApiObject) continue;
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
