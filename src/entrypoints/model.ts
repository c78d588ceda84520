/**
 * `cdk8s-istio-ingress/model`: the route model and the pure render path,
 * for callers without constructs (plain JavaScript, the operator, the route
 * explainer). A gateway model with its routes and TLS goes in, plain
 * Kubernetes objects come out, exactly as `cdk8s synth` writes them for the
 * equivalent construct program.
 */
import type { IIngressGateway } from '../constructs/gateway-reference';
import { ModelledGateway } from '../constructs/sources';
import { IngressRegistry } from '../constructs/registry';
import { ModelProblem } from '../model/problems';
import { GatewayModel, ResolvedGatewayModel } from '../model/types';
import { checkForeignGateway, GatewayRendering, renderCheckedGateway } from '../render';
import { canonicalManifest } from '../render/manifest';
import { extended } from '../model/objects';

export * from '../model/types';
export type { ModelProblem } from '../model/problems';
export type { GatewayRendering } from '../render';
export type { Manifest, ManifestMetadata, RenderedObject } from '../render/manifest';
export { deriveListeners, resolveListeners } from '../model/listeners';
export type { ListenerRequest } from '../model/listeners';
export { compareMatches } from '../model/precedence';
export { hostCovers, hostsIntersect } from '../model/hosts';
/** A value quoted for an error message, whatever its type, at most 80 characters (as every message of the library quotes values). */
export { show } from '../errors';

/**
 * Renders a gateway, its routes and TLS: the objects `cdk8s synth` writes for
 * them, each with the construct path of its owner and its construct id. The
 * model is checked first, with the checks the constructs run at synth time;
 * when it has problems, nothing is rendered and the problems say why.
 */
export function renderGateway(model: GatewayModel): GatewayRendering {
  const checked = checkForeignGateway(model);
  // A model of the wrong shape has no listeners to resolve: it comes back as it was given, with the problems.
  if (checked.model === undefined || checked.index === undefined) return { model: model as ResolvedGatewayModel, problems: checked.problems, objects: [] };
  const rendering = renderCheckedGateway({ model: checked.model, problems: checked.problems, index: checked.index });
  return extended(rendering, { objects: rendering.objects.map((object) => extended(object, { manifest: canonicalManifest(object.manifest) })) });
}

/** What is wrong with a gateway model (empty when it renders): the checks the constructs run at synth time. */
export function validateGateway(model: GatewayModel): ModelProblem[] {
  return [...checkForeignGateway(model).problems];
}

/** The model of a gateway construct (created, imported or your own IIngressGateway) with everything attached to it now, its listeners resolved. */
export function modelOf(gateway: IIngressGateway): ResolvedGatewayModel {
  return IngressRegistry.of(gateway).modelOf(gateway as unknown as ModelledGateway);
}
