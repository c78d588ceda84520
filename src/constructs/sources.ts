import { IConstruct } from 'constructs';
import { GatewayModel, KnownServiceModel, ProxyMode, RouteModel, TlsSourceModel } from '../model/types';
import { IIngressGateway } from './gateway-reference';

/** A route construct (ExposedService) as the registry sees it.(internal to the library: not part of the jsii API) @jsii ignore */
export interface RouteSource extends IConstruct {
  /**
   * Counts the changes to the construct's own state after construction
   * (routes and hosts added): the registry renders again when it grows.
   * @internal
   */
  readonly _revision: number;
  /** @internal */
  _routeModel(): RouteModel;
}

/** A TLS construct (TlsIngress) as the registry sees it.(internal to the library: not part of the jsii API) @jsii ignore */
export interface TlsSource extends IConstruct {
  /** @internal */
  readonly _revision: number;
  /** @internal */
  _tlsModel(): TlsSourceModel;
}

/** A gateway construct of this library, which knows how to describe itself with what is attached to it.(internal to the library: not part of the jsii API) @jsii ignore */
export interface ModelledGateway extends IConstruct {
  /** @internal */
  _gatewayModel(attached: AttachedSources): GatewayModel;
}

/** What is attached to one gateway, and what the program knows besides. */
export interface AttachedSources {
  readonly routes: readonly RouteModel[];
  readonly tls: readonly TlsSourceModel[];
  /** Labels of the namespaces the program creates, by name. */
  readonly knownNamespaces: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Services the program defines, by `namespace/name`, with their ports.
   * @default - none
   */
  readonly knownServices?: Readonly<Record<string, KnownServiceModel>>;
}

/**
 * The model of a gateway known only through `IIngressGateway`: not rendered
 * here, its listeners unknown, so only what is attached to it is rendered.
 */
export function referencedGatewayModel(gateway: IIngressGateway, attached: AttachedSources): GatewayModel {
  return {
    source: gateway.node.path,
    api: gateway.api.kind,
    ...gateway.api._settings(gateway, 'api'),
    name: gateway.name,
    namespace: gateway.namespace,
    managed: false,
    proxy: { mode: ProxyMode.EXISTING, namespace: gateway.proxyNamespace, selector: { ...gateway.proxySelector } },
    listeners: [],
    routes: attached.routes,
    tls: attached.tls,
    clusterDomain: gateway.clusterDomain,
    knownNamespaces: attached.knownNamespaces,
    ...knownServicesOf(attached),
  };
}

/** The `knownServices` field of a gateway model, when the program defines any Service. */
export function knownServicesOf(attached: AttachedSources): { knownServices?: Readonly<Record<string, KnownServiceModel>> } {
  return attached.knownServices && Object.keys(attached.knownServices).length > 0 ? { knownServices: attached.knownServices } : {};
}
