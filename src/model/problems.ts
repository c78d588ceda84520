/** A problem found in a gateway model, attributed to the construct (or custom resource) that can fix it. */
export interface ModelProblem {
  /** Construct path the problem belongs to (the `source` of a gateway, route or TLS model). */
  readonly source: string;
  /** The prop (or prop path, e.g. `routes[1].matches[0].path`) at fault. */
  readonly field: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}
