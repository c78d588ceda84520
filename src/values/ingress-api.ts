import { IConstruct } from 'constructs';
import { invalid, show } from '../errors';
import { checkDnsSubdomain, checkLabelValue } from '../checks/names';
import { AllowedRoutesModel, GatewayApiSettingsModel, IngressApiKind, KubernetesIngressSettingsModel } from '../model/types';
import { booleanProp, checkAnnotations, checkLabels, checkOptionKeys, propNames } from './props';

/** Which namespaces may attach routes to a Gateway API listener. */
export class AllowedRoutes {
  /** Only routes in the Gateway's own namespace (the Gateway API default). */
  public static sameNamespace(): AllowedRoutes {
    return new AllowedRoutes('Same');
  }

  /** Routes from every namespace. */
  public static allNamespaces(): AllowedRoutes {
    return new AllowedRoutes('All');
  }

  /**
   * Routes from namespaces carrying all of these labels. Every namespace has
   * `kubernetes.io/metadata.name: <name>`, so a list of namespaces by name is
   * expressible too (one label per selector: use several gateways or labels).
   */
  public static fromNamespacesWithLabels(labels: { [key: string]: string }): AllowedRoutes {
    return new AllowedRoutes('Selector', labels);
  }

  private constructor(
    /** `Same`, `All` or `Selector`. */
    public readonly from: string,
    /**
     * Labels for `Selector`.
     * @default - none
     */
    public readonly matchLabels?: { [key: string]: string },
  ) {}

  /** @internal */
  public _toModel(scope: IConstruct, field: string): AllowedRoutesModel {
    if (this.from !== 'Selector') return { from: this.from as 'Same' | 'All' };
    const matchLabels = checkLabels(scope, field, this.matchLabels);
    if (Object.keys(matchLabels).length === 0) invalid(scope, field, 'a namespace selector needs at least one label; use AllowedRoutes.allNamespaces() to allow every namespace');
    return { from: 'Selector', matchLabels: { ...matchLabels } };
  }
}

/** Checks that `value` is an AllowedRoutes and returns it as plain data. */
export function allowedRoutesToModel(scope: IConstruct, field: string, value: unknown): AllowedRoutesModel {
  if (!(value instanceof AllowedRoutes)) invalid(scope, field, 'expected AllowedRoutes.sameNamespace(), .allNamespaces() or .fromNamespacesWithLabels()');
  return value._toModel(scope, field);
}

/** Options of the Gateway API flavour. */
export interface GatewayApiOptions {
  /**
   * The GatewayClass; Istio installs `istio`.
   * @default "istio"
   */
  readonly gatewayClassName?: string;
  /**
   * Which namespaces may attach routes to the Gateway's listeners.
   * @default AllowedRoutes.sameNamespace()
   */
  readonly allowedRoutes?: AllowedRoutes;
  /**
   * Labels Istio puts on the resources it creates for the Gateway (`spec.infrastructure.labels`).
   * @default - none
   */
  readonly infrastructureLabels?: { [key: string]: string };
  /**
   * Annotations Istio puts on the resources it creates for the Gateway
   * (`spec.infrastructure.annotations`), e.g. cloud load-balancer settings.
   * @default - none
   */
  readonly infrastructureAnnotations?: { [key: string]: string };
}

/** Options of `IngressApi.kubernetesIngress()`. */
export interface KubernetesIngressOptions {
  /**
   * The Ingress class: the name of the IngressClass the Ingresses reference
   * through `spec.ingressClassName`, or, with `classAnnotation`, the value of
   * their `kubernetes.io/ingress.class` annotation, which must then equal the
   * mesh config's `ingressClass`.
   * @default "istio"
   */
  readonly ingressClassName?: string;
  /**
   * Whether to create the IngressClass (cluster-scoped, controller
   * `istio.io/ingress-controller`). Without it, an IngressClass of that name
   * must already exist: Istio ignores an Ingress whose class it cannot find.
   * @default - true, unless `classAnnotation` is set
   */
  readonly createIngressClass?: boolean;
  /**
   * Whether the IngressClass is the cluster's default
   * (`ingressclass.kubernetes.io/is-default-class: "true"`), so that Ingresses
   * created without a class elsewhere are served by Istio too.
   * @default false
   */
  readonly defaultClass?: boolean;
  /**
   * Whether Ingresses carry the legacy `kubernetes.io/ingress.class`
   * annotation instead of `spec.ingressClassName`, for setups that predate
   * IngressClass. Istio compares the annotation with the mesh config's
   * `ingressClass` and needs no IngressClass object.
   * @default false
   */
  readonly classAnnotation?: boolean;
  /**
   * The mesh config's `ingressSelector`: Istio serves every Ingress through the
   * proxy pods labelled `istio: <ingressSelector>`. The proxy of the gateway
   * must carry that label; the bundled proxy's default name
   * (`istio-ingressgateway`) gives it the label `istio: ingressgateway`.
   * @default "ingressgateway"
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig
   */
  readonly ingressSelector?: string;
}

/** The settings of a gateway's API, validated: plain data the model carries. */
export interface ApiSettings {
  /** @default - none */
  readonly gatewayApi?: GatewayApiSettingsModel;
  /** @default - none */
  readonly kubernetesIngress?: KubernetesIngressSettingsModel;
}

/**
 * The API an IngressGateway is configured with: the one switch between
 * Istio's own API, the Kubernetes Gateway API and Kubernetes Ingress. The
 * same ExposedService code works with each.
 */
export class IngressApi {
  /**
   * Istio's `networking.istio.io/v1` Gateway and VirtualService: the full
   * Istio feature set.
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/ingress-control/
   */
  public static istio(): IngressApi {
    return new IngressApi(IngressApiKind.ISTIO, undefined);
  }

  /**
   * The Kubernetes Gateway API (`gateway.networking.k8s.io/v1` Gateway and
   * HTTPRoute), which Istio intends to make its default. By default Istio
   * deploys the proxy for each Gateway itself (`GatewayProxy.automated()`).
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
   */
  public static gatewayApi(options: GatewayApiOptions = {}): IngressApi {
    return new IngressApi(IngressApiKind.GATEWAY_API, options);
  }

  /**
   * Kubernetes `networking.k8s.io/v1` Ingress objects served by Istio's
   * ingress controller: hosts, path prefixes and exact paths only.
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/kubernetes-ingress/
   */
  public static kubernetesIngress(options: KubernetesIngressOptions = {}): IngressApi {
    return new IngressApi(IngressApiKind.KUBERNETES_INGRESS, options);
  }

  private constructor(
    /** Which API this is. */
    public readonly kind: IngressApiKind,
    private readonly options: GatewayApiOptions | KubernetesIngressOptions | undefined,
  ) {}

  /**
   * The options, validated into plain settings for the gateway `scope`
   * (messages name it and `field`).
   * @internal
   */
  public _settings(scope: IConstruct, field: string): ApiSettings {
    switch (this.kind) {
      case IngressApiKind.GATEWAY_API:
        return { gatewayApi: gatewayApiSettings(scope, field, this.options as GatewayApiOptions) };
      case IngressApiKind.KUBERNETES_INGRESS:
        return { kubernetesIngress: kubernetesIngressSettings(scope, field, this.options as KubernetesIngressOptions) };
      default:
        return {};
    }
  }
}

const GATEWAY_API_OPTIONS = propNames<GatewayApiOptions>({ gatewayClassName: true, allowedRoutes: true, infrastructureLabels: true, infrastructureAnnotations: true });
const KUBERNETES_INGRESS_OPTIONS = propNames<KubernetesIngressOptions>({ ingressClassName: true, createIngressClass: true, defaultClass: true, classAnnotation: true, ingressSelector: true });

function gatewayApiSettings(scope: IConstruct, field: string, options: GatewayApiOptions): GatewayApiSettingsModel {
  checkOptionKeys(scope, field, options, 'GatewayApiOptions', GATEWAY_API_OPTIONS);
  const gatewayClassName = options.gatewayClassName ?? 'istio';
  const classProblem = checkDnsSubdomain(gatewayClassName);
  if (classProblem) invalid(scope, `${field}.gatewayClassName`, `${show(gatewayClassName)} ${classProblem}`);
  return {
    gatewayClassName,
    allowedRoutes: options.allowedRoutes === undefined ? { from: 'Same' } : allowedRoutesToModel(scope, `${field}.allowedRoutes`, options.allowedRoutes),
    infrastructureLabels: infrastructureMetadata(scope, `${field}.infrastructureLabels`, checkLabels(scope, `${field}.infrastructureLabels`, options.infrastructureLabels), 8),
    infrastructureAnnotations: infrastructureMetadata(scope, `${field}.infrastructureAnnotations`, checkAnnotations(scope, `${field}.infrastructureAnnotations`, options.infrastructureAnnotations), 16),
  };
}

/**
 * The Gateway API's own limits on `spec.infrastructure` (GatewayInfrastructure in the CRD): at most 8
 * labels and 16 annotations, values of at most 4096 characters.
 */
function infrastructureMetadata(scope: IConstruct, field: string, values: Record<string, string>, max: number): Record<string, string> {
  const entries = Object.entries(values);
  if (entries.length > max) invalid(scope, field, `has ${entries.length} entries; the Gateway API allows at most ${max}`);
  for (const [key, value] of entries) {
    if (value.length > 4096) invalid(scope, `${field}[${JSON.stringify(key)}]`, `is ${value.length} characters long; the Gateway API allows at most 4096`);
  }
  return values;
}

function kubernetesIngressSettings(scope: IConstruct, field: string, options: KubernetesIngressOptions): KubernetesIngressSettingsModel {
  checkOptionKeys(scope, field, options, 'KubernetesIngressOptions', KUBERNETES_INGRESS_OPTIONS);
  const ingressClassName = options.ingressClassName ?? 'istio';
  const classProblem = checkDnsSubdomain(ingressClassName);
  if (classProblem) invalid(scope, `${field}.ingressClassName`, `${show(ingressClassName)} ${classProblem}`);
  const classAnnotation = booleanProp(scope, `${field}.classAnnotation`, options.classAnnotation, false);
  const createIngressClass = booleanProp(scope, `${field}.createIngressClass`, options.createIngressClass, !classAnnotation);
  const defaultClass = booleanProp(scope, `${field}.defaultClass`, options.defaultClass, false);
  const ingressSelector = options.ingressSelector ?? 'ingressgateway';
  const selectorProblem = ingressSelector === '' ? 'must not be empty' : checkLabelValue(ingressSelector);
  if (selectorProblem) invalid(scope, `${field}.ingressSelector`, `${show(ingressSelector)} ${selectorProblem}`);
  if (defaultClass && !createIngressClass) {
    invalid(
      scope,
      `${field}.defaultClass`,
      `marks the IngressClass as the cluster default, but no IngressClass is created (createIngressClass is false${classAnnotation ? ', the default with classAnnotation' : ''}); ` +
        'set createIngressClass: true, or drop defaultClass',
    );
  }
  return { ingressClassName, classAnnotation, createIngressClass, defaultClass, ingressSelector };
}
