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
    /** Labels for `Selector`. */
    public readonly matchLabels?: { [key: string]: string },
  ) {}
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
