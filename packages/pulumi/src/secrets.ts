import { invalidArgument } from './errors';
import type { IngressDeploymentArgs } from './args';
import { ChartObject, Manifest } from './objects';

/** Values for Secret keys, by Secret (`<namespace>/<name>`) and key. */
type SecretValues = NonNullable<IngressDeploymentArgs['secretValues']>;

/**
 * The `secretValues` argument checked against the charts' Secrets, by object
 * key. A value for a Secret the charts do not create would silently go
 * nowhere, so it is an error.
 */
export function secretValuesByObject(component: string, objects: readonly ChartObject[], secretValues: SecretValues): Map<string, SecretValues[string]> {
  const secrets = new Map(
    objects
      .filter(({ manifest }) => manifest.apiVersion === 'v1' && manifest.kind === 'Secret')
      .map(({ key, manifest: { metadata } }) => [metadata.namespace === undefined ? metadata.name : `${metadata.namespace}/${metadata.name}`, key]),
  );
  const byObject = new Map<string, SecretValues[string]>();
  for (const [secret, values] of Object.entries(secretValues)) {
    const key = secrets.get(secret);
    if (key === undefined) {
      const known = secrets.size === 0 ? 'the charts create no Secret' : `the charts create: ${[...secrets.keys()].join(', ')}`;
      invalidArgument(component, `secretValues[${JSON.stringify(secret)}]`, `there is no Secret "${secret}" in the charts (${known}); name a Secret as "<namespace>/<name>"`);
    }
    byObject.set(key, values);
  }
  return byObject;
}

/**
 * The Secret with `values` in `stringData`, where the API server encodes them,
 * and without the same keys in `data`, which `stringData` would otherwise
 * have to override on every update.
 */
export function withSecretValues(manifest: Manifest, values: SecretValues[string]): Manifest {
  const { data, stringData, ...rest } = manifest as Manifest & { data?: Record<string, string>; stringData?: Record<string, string> };
  const kept = Object.entries(data ?? {}).filter(([key]) => !(key in values));
  return { ...rest, ...(kept.length > 0 ? { data: Object.fromEntries(kept) } : {}), stringData: { ...stringData, ...values } };
}
