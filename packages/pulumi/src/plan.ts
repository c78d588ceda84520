import * as pulumi from '@pulumi/pulumi';
import { App, Chart, Duration } from 'cdk8s';
import { IngressGateway } from 'cdk8s-istio-ingress';
import { show } from 'cdk8s-istio-ingress/model';
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
  /** @default - none */
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
  checkArgs(component, args);
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

/** The types of the arguments, which JavaScript callers may get wrong. */
function checkArgs(component: string, args: IngressDeploymentArgs): void {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) invalidArgument(component, 'args', `expected IngressDeploymentArgs (an object), received ${show(args)}`);
  if (args.charts !== undefined) {
    if (!Array.isArray(args.charts)) invalidArgument(component, 'charts', `expected a list of cdk8s Charts, received ${show(args.charts)}`);
    args.charts.forEach((chart, i) => {
      if (!(chart instanceof Chart)) invalidArgument(component, `charts[${i}]`, `expected a cdk8s Chart, received ${show(chart)}`);
    });
  }
  if (args.build !== undefined && typeof args.build !== 'function') invalidArgument(component, 'build', `expected a function (app) => void, received ${show(args.build)}`);
  if (args.awaitLoadBalancer !== undefined && typeof args.awaitLoadBalancer !== 'boolean') invalidArgument(component, 'awaitLoadBalancer', `expected true or false, received ${show(args.awaitLoadBalancer)}`);
  if (args.loadBalancerTimeout !== undefined && !(args.loadBalancerTimeout instanceof Duration)) invalidArgument(component, 'loadBalancerTimeout', 'expected a Duration, e.g. Duration.minutes(5)');
  const values = args.secretValues;
  if (values !== undefined) {
    if (values === null || typeof values !== 'object' || Array.isArray(values)) invalidArgument(component, 'secretValues', `expected a map of Secret ("<namespace>/<name>") to key values, received ${show(values)}`);
    for (const [secret, keys] of Object.entries(values)) {
      const at = `secretValues[${show(secret)}]`;
      if (keys === null || typeof keys !== 'object' || Array.isArray(keys)) invalidArgument(component, at, `expected a map of Secret key to value, received ${show(keys)}`);
      for (const [key, value] of Object.entries(keys)) {
        if (typeof value !== 'string' && !pulumi.Output.isInstance(value) && !(value instanceof Promise)) {
          invalidArgument(component, `${at}[${show(key)}]`, `expected a string or a Pulumi Output of one, received ${show(value)}`);
        }
      }
    }
  }
}

function awaitPolicy(component: string, args: IngressDeploymentArgs): AwaitPolicy {
  const timeout = args.loadBalancerTimeout ?? Duration.minutes(5);
  let seconds: unknown;
  try {
    seconds = timeout.toSeconds({ integral: false });
  } catch {
    seconds = NaN;
  }
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1) {
    const shown = typeof seconds === 'number' && !Number.isNaN(seconds) ? timeout.toHumanString() : 'a Duration not built from a number';
    invalidArgument(component, 'loadBalancerTimeout', `${shown} must be a whole number of seconds, 1 or more (e.g. Duration.minutes(5))`);
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
