import { ApiBinding } from '../apis/binding';
import { GatewayApiBinding } from '../apis/gateway-api';
import { IstioBinding } from '../apis/istio';
import { KubernetesIngressBinding } from '../apis/kubernetes-ingress';
import { IngressApiKind } from '../core/model';
import { GatewayApiOptions } from './gateway-api-options';

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
    return new IngressApi(new IstioBinding());
  }

  /**
   * The Kubernetes Gateway API (`gateway.networking.k8s.io/v1` Gateway and
   * HTTPRoute), which Istio intends to make its default. By default Istio
   * deploys the proxy for each Gateway itself (`GatewayProxy.automated()`).
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
   */
  public static gatewayApi(options: GatewayApiOptions = {}): IngressApi {
    return new IngressApi(new GatewayApiBinding(options));
  }

  /**
   * Kubernetes `networking.k8s.io/v1` Ingress objects served by Istio's
   * ingress controller: hosts, path prefixes and exact paths only.
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/kubernetes-ingress/
   */
  public static kubernetesIngress(options: KubernetesIngressOptions = {}): IngressApi {
    return new IngressApi(new KubernetesIngressBinding(options));
  }

  /** Which API this is. */
  public readonly kind: IngressApiKind;

  private constructor(/** @internal */ public readonly _binding: ApiBinding) {
    this.kind = _binding.kind;
  }
}
