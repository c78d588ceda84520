import { readFileSync } from 'node:fs';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { App } from 'cdk8s';
import { measured, RunCost } from './clock';
import type { BenchApi } from './scenario';

/**
 * One measurement of the Pulumi adapter in a fresh process, run by the harness:
 *
 *   node --expose-gc lib/bench/pulumi-child.js ours <api> <count>
 *   node --expose-gc lib/bench/pulumi-child.js baseline <api> <count> <manifests.json>
 *
 * Under `pulumi.runtime.setMocks` (every resource created at once with its
 * inputs as state), the clock runs from the first resource until the engine
 * has answered for every one: ours is an IngressDeployment whose build
 * function exposes `count` services (so it includes building the constructs
 * and synthesising the objects); the baseline registers each object of our
 * output, read from the manifests file beforehand, as a plain
 * `kubernetes.apiextensions.CustomResource`.
 *
 * Prints one JSON line (PulumiMeasurement).
 */

export interface PulumiMeasurement extends RunCost {
  /** Resources registered, the component included. */
  readonly resources: number;
}

/** What this bench uses of cdk8s-istio-ingress-pulumi (typed here: the core builds before the adapter). */
interface PulumiAdapter {
  readonly IngressDeployment: new (name: string, args: { build: (app: App) => void }) => pulumi.ComponentResource & { readonly resources: Record<string, pulumi.Resource> };
}

async function main(): Promise<void> {
  const [variant, api, countText, manifestsFile] = process.argv.slice(2);
  const count = Number(countText);
  await pulumi.runtime.setMocks(
    {
      newResource: ({ name, inputs }) => ({ id: `${name}-id`, state: inputs }),
      call: ({ inputs }) => inputs,
    },
    'bench',
    'bench',
    false,
  );
  let register: () => pulumi.Resource[];
  if (variant === 'ours') {
    // The adapter is its own package (packages/pulumi, built by `npm run build:pulumi`), loaded by name as a user would.
    const { IngressDeployment } = require('cdk8s-istio-ingress-pulumi') as PulumiAdapter;
    const { exposeServices } = await import('./scenario');
    register = () => {
      const deployment = new IngressDeployment('bench', { build: (app: App) => exposeServices(app, api as BenchApi, count) });
      return [deployment, ...Object.values(deployment.resources)];
    };
  } else if (variant === 'baseline') {
    const manifests: { kind: string; metadata: { name: string; namespace?: string } }[] = JSON.parse(readFileSync(manifestsFile, 'utf8'));
    register = () =>
      manifests.map((manifest) => {
        const { kind, metadata } = manifest;
        return new k8s.apiextensions.CustomResource(`bench:${kind}/${metadata.namespace ?? ''}/${metadata.name}`, manifest as k8s.apiextensions.CustomResourceArgs);
      });
  } else {
    throw new Error(`unknown variant ${JSON.stringify(variant)}: expected ours or baseline`);
  }

  const { cost, result: resources } = await measured(async () => {
    const registered = register();
    await new Promise<void>((resolve) => pulumi.all(registered.map((resource) => resource.urn)).apply(() => resolve()));
    return registered;
  });

  const measurement: PulumiMeasurement = {
    ...cost,
    resources: resources.length,
  };
  // The component's outputs are still on their way to the (mock) engine; Pulumi fails a program that exits before they arrive.
  await pulumi.runtime.disconnect();
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
