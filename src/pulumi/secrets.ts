import * as pulumi from '@pulumi/pulumi';
import { invalidArgument } from './errors';
import { ChartObject, Manifest } from './objects';

/** Values for Secret keys, by Secret (`<namespace>/<name>`) and key. */
export type SecretValues = { readonly [secret: string]: { readonly [key: string]: pulumi.Input<string> } };

/**
 * The `secretValues` argument checked against the charts' Secrets, by object
 * key. A value for a Secret the charts do not create would silently go
 * nowhere, so it is an error.
 */
export function secretValuesByObject(component: string, objects: readonly ChartObject[], secretValues: SecretValues): Map<string, SecretValues[string]> {
  const secrets = objects.filter((o) => o.manifest.apiVersion === 'v1' && o.manifest.kind === 'Secret').map((o) => o.key.slice('Secret/'.length));
  const byObject = new Map<string, SecretValues[string]>();
  for (const [secret, values] of Object.entries(secretValues)) {
    if (!secrets.includes(secret)) {
      const known = secrets.length === 0 ? 'the charts create no Secret' : `the charts create: ${secrets.join(', ')}`;
      invalidArgument(component, `secretValues[${JSON.stringify(secret)}]`, `there is no Secret "${secret}" in the charts (${known}); name a Secret as "<namespace>/<name>"`);
    }
    byObject.set(`Secret/${secret}`, values);
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
