import { ApiBinding } from '../apis/binding';
import { GatewayApiBinding } from '../apis/gateway-api';
import { IstioBinding } from '../apis/istio';
import { IngressApiKind } from '../core/model';
import { GatewayApiOptions } from './gateway-api-options';

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

  /** Which API this is. */
  public readonly kind: IngressApiKind;

  private constructor(/** @internal */ public readonly _binding: ApiBinding) {
    this.kind = _binding.kind;
  }
}
