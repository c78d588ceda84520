import { ApiBinding } from '../apis/binding';
import { IstioBinding } from '../apis/istio';
import { IngressApiKind } from '../core/model';

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

  /** Which API this is. */
  public readonly kind: IngressApiKind;

  private constructor(/** @internal */ public readonly _binding: ApiBinding) {
    this.kind = _binding.kind;
  }
}
