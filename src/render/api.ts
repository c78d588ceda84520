import { ListenerIndex } from '../model/attachment';
import { SharedClientCas } from '../model/credentials';
import { ResolvedGatewayModel, RouteModel, TlsSourceModel } from '../model/types';
import { RenderedObject } from './manifest';

/** What every renderer of one gateway reads: the model with its listeners, and their index. */
export interface RenderContext {
  readonly model: ResolvedGatewayModel;
  readonly listeners: ListenerIndex;
  /** Generated client CA ConfigMaps, one per PEM and namespace, computed once per rendering from the model's TLS sources. */
  readonly clientCas: SharedClientCas;
}

/**
 * One API's rendering, as pure functions of the model: the gateway-level
 * objects (only for a gateway rendered here), the objects of one route, and
 * the API-specific objects of one TLS source (passthrough and redirect
 * routes, grants). A renderer only ever sees a model that passed the checks,
 * so every feature it meets is one its API supports.
 */
export interface ApiRenderer {
  gateway(context: RenderContext): RenderedObject[];
  route(route: RouteModel, context: RenderContext): RenderedObject[];
  tls(tls: TlsSourceModel, context: RenderContext): RenderedObject[];
}
