import * as pulumi from '@pulumi/pulumi';
import { App, Chart, Duration } from 'cdk8s';
import { IngressGateway } from 'cdk8s-istio-ingress';
import { invalidArgument } from './errors';
import type { IngressDeploymentArgs } from './args';
import { collectObjects, Manifest } from './objects';
import { Rank, rankOf } from './ranks';
import { AwaitPolicy, readiness, withAnnotations } from './readiness';
import { secretValuesByObject, withSecretValues } from './secrets';

/** One object as it will be registered. */
export interface PlannedObject {
  /** The object's identity in the cluster (see objectKey). */
  readonly key: string;
  /** The chart's object, with the secret values and await annotations for Pulumi. */
  readonly manifest: Manifest;
  readonly rank: Rank;
  readonly customTimeouts?: pulumi.CustomTimeouts;
}

/** Everything an IngressDeployment registers, worked out before it registers anything. */
export interface DeploymentPlan {
  /** Every object once, in rank order. */
  readonly objects: readonly PlannedObject[];
  /** The IngressGateways whose objects are deployed, by `<namespace>/<name>` of their Gateway. */
  readonly gateways: ReadonlyMap<string, IngressGateway>;
}

/**
 * Builds and validates the charts and checks every argument, so that invalid
 * input fails before the component or any child is registered: nothing is
 * ever half-deployed.
 */
export function planDeployment(component: string, args: IngressDeploymentArgs): DeploymentPlan {
  const charts = [...(args.charts ?? [])];
  if (args.build !== undefined) {
    const app = new App();
    args.build(app);
    charts.push(...app.charts);
  }
  if (charts.length === 0) invalidArgument(component, 'charts', 'there is nothing to deploy; pass charts, or a build function that adds charts to the app');
  const chartObjects = collectObjects(component, charts);
  const policy = awaitPolicy(component, args);
  const secretValues = secretValuesByObject(component, chartObjects, args.secretValues ?? {});

  const objects = chartObjects.map(({ key, manifest }): PlannedObject => {
    const { annotations, customTimeouts } = readiness(manifest, policy);
    const values = secretValues.get(key);
    return {
      key,
      manifest: withAnnotations(values === undefined ? manifest : withSecretValues(manifest, values), annotations),
      rank: rankOf(manifest),
      customTimeouts,
    };
  });
  return { objects: objects.sort((a, b) => a.rank - b.rank), gateways: gatewaysOf(charts) };
}

function awaitPolicy(component: string, args: IngressDeploymentArgs): AwaitPolicy {
  const timeout = args.loadBalancerTimeout ?? Duration.minutes(5);
  const seconds = timeout.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 1) {
    invalidArgument(component, 'loadBalancerTimeout', `${timeout.toHumanString()} must be a whole number of seconds, 1 or more (e.g. Duration.minutes(5))`);
  }
  return { awaitLoadBalancer: args.awaitLoadBalancer ?? true, loadBalancerTimeout: `${seconds}s` };
}

/** The IngressGateways whose objects the charts hold (a gateway in a nested chart belongs to that chart), once per Gateway identity. */
function gatewaysOf(charts: readonly Chart[]): Map<string, IngressGateway> {
  const byKey = new Map<string, IngressGateway>();
  for (const chart of charts) {
    for (const construct of chart.node.findAll()) {
      if (construct instanceof IngressGateway && Chart.of(construct) === chart) {
        const key = `${construct.namespace}/${construct.name}`;
        if (!byKey.has(key)) byKey.set(key, construct);
      }
    }
  }
  return byKey;
}
