import * as pulumi from '@pulumi/pulumi';
import { App, Chart, Duration } from 'cdk8s';

/** Arguments of an IngressDeployment. */
export interface IngressDeploymentArgs {
  /**
   * Charts whose objects to deploy, as `cdk8s synth` would write them.
   * @default - none; then `build` must add the charts
   */
  readonly charts?: Chart[];
  /**
   * Builds charts into a fresh cdk8s App; every chart it adds is deployed.
   * @default - only `charts`
   */
  readonly build?: (app: App) => void;
  /**
   * Whether `pulumi up` waits for every LoadBalancer Service (and Gateway API
   * Gateway) to get an external address. Turn it off on clusters without a
   * load-balancer implementation (kind, minikube without `minikube tunnel`):
   * the Services are then not awaited at all (`pulumi.com/skipAwait`), and
   * Gateway API Gateways only wait to be Accepted.
   * @default true
   */
  readonly awaitLoadBalancer?: boolean;
  /**
   * How long to wait for a load balancer's address before the update fails
   * (instead of the provider's ten minutes).
   * @default Duration.minutes(5)
   */
  readonly loadBalancerTimeout?: Duration;
  /**
   * Values for keys of the charts' Secrets, by Secret (`"<namespace>/<name>"`)
   * and key, e.g. `{ 'istio-ingress/httpbin-tls': { 'tls.key': config.requireSecret('tlsKey') } }`.
   * cdk8s cannot carry Pulumi Outputs; these are set as `stringData` (plain
   * text, which the API server encodes) when the Secret is registered, replacing
   * the same keys of the chart's `data`. Every Secret's data is a secret output.
   * @default - the Secrets as the charts render them
   */
  readonly secretValues?: { [secret: string]: { [key: string]: pulumi.Input<string> } };
}
