import { checkResolvedGateway } from '../checks';
import { checkModelShape } from '../checks/model-shape';
import { checkModelValues } from '../checks/model-values';
import { ListenerIndex } from '../model/attachment';
import { SharedClientCas } from '../model/credentials';
import { resolveListeners } from '../model/listeners';
import { ModelProblem } from '../model/problems';
import { GatewayModel, IngressApiKind, ProxyMode, ResolvedGatewayModel } from '../model/types';
import { ApiRenderer, RenderContext } from './api';
import { renderCredentials } from './credentials';
import { gatewayApiRenderer } from './gateway-api';
import { istioRenderer } from './istio';
import { kubernetesIngressRenderer } from './kubernetes-ingress';
import { RenderedObject } from './manifest';
import { renderBundledProxy } from './proxy';
import { extended } from '../model/objects';

const RENDERERS: Readonly<Record<IngressApiKind, ApiRenderer>> = {
  [IngressApiKind.ISTIO]: istioRenderer,
  [IngressApiKind.GATEWAY_API]: gatewayApiRenderer,
  [IngressApiKind.KUBERNETES_INGRESS]: kubernetesIngressRenderer,
};

/** A gateway model checked and, when it passes, rendered. */
export interface GatewayRendering {
  /** The model with its listeners. */
  readonly model: ResolvedGatewayModel;
  /** What is wrong with the model; when there is anything, nothing is rendered. */
  readonly problems: readonly ModelProblem[];
  /** Every object of the gateway, its routes and TLS, each with its owner and construct id (empty when there are problems). */
  readonly objects: readonly RenderedObject[];
}

/** The model with its listeners, and what is wrong with it: every check the constructs run at synth time. */
export function checkGateway(model: GatewayModel): { readonly model: ResolvedGatewayModel; readonly problems: readonly ModelProblem[]; readonly index: ListenerIndex } {
  const resolved = resolveListeners(model);
  return extended(resolved, checkResolved(resolved));
}

/**
 * A model from outside the constructs: its shape first (a malformed one gets
 * problems naming the fields, not a TypeError), then its values with the
 * rules the constructs apply to props, then every check.
 */
export function checkForeignGateway(model: unknown): { readonly model?: ResolvedGatewayModel; readonly problems: readonly ModelProblem[]; readonly index?: ListenerIndex } {
  const shape = checkModelShape(model);
  if (shape.length > 0) return { problems: shape };
  const values = checkModelValues(model as GatewayModel);
  if (values.length > 0) return { problems: values };
  return checkGateway(model as GatewayModel);
}

function checkResolved(resolved: { readonly model: ResolvedGatewayModel; readonly problems: readonly ModelProblem[] }): { readonly problems: readonly ModelProblem[]; readonly index: ListenerIndex } {
  const index = new ListenerIndex(resolved.model.listeners);
  const checks = checkResolvedGateway(resolved.model, index);
  // A port a check refuses outright (Ingress serves port 80 only) is not also reported as a port that cannot carry
  // both plain HTTP and TLS; any other listener problem stands, whatever else its construct gets for the same field.
  const refusedPorts = new Set(checks.filter((p) => p.field === 'port').map((p) => p.source));
  return { index, problems: [...resolved.problems.filter((p) => p.field !== 'port' || !refusedPorts.has(p.source)), ...checks] };
}

/**
 * Renders one gateway with its routes and TLS: a pure function of the model.
 * The model is checked first; a model with problems renders nothing.
 * Optional fields may be left undefined (`canonicalManifest` gives the form
 * cdk8s writes); the objects of routes, most of a large program, are written
 * in that form already.
 * Objects come owner by owner (the gateway, then each route, then each TLS
 * source), each owner's in the order its construct creates them.
 */
export function renderGatewayModel(model: GatewayModel): GatewayRendering {
  return renderCheckedGateway(checkGateway(model));
}

/** A gateway `checkGateway` (or `checkForeignGateway`) has checked, rendered unless it has problems. */
export function renderCheckedGateway(checked: { readonly model: ResolvedGatewayModel; readonly problems: readonly ModelProblem[]; readonly index: ListenerIndex }): GatewayRendering {
  if (checked.problems.length > 0) return { model: checked.model, problems: checked.problems, objects: [] };
  return { model: checked.model, problems: [], objects: renderChecked({ model: checked.model, listeners: checked.index, clientCas: new SharedClientCas(checked.model.tls) }) };
}

function renderChecked(context: RenderContext): RenderedObject[] {
  const { model } = context;
  const renderer = RENDERERS[model.api];
  const objects: RenderedObject[] = [];
  if (model.managed !== false) {
    if (model.createNamespace) {
      objects.push({ owner: model.source, id: 'Namespace', manifest: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: model.namespace, labels: { ...model.createNamespace.labels } } } });
    }
    if (model.proxy.mode === ProxyMode.BUNDLED && model.proxy.bundled) objects.push(...renderBundledProxy(model.source, model.proxy, model.listeners));
    objects.push(...renderer.gateway(context));
  }
  for (const route of model.routes) objects.push(...renderer.route(route, context));
  for (const tls of model.tls) objects.push(...renderCredentials(tls, context.clientCas), ...renderer.tls(tls, context));
  return objects;
}
