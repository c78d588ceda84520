import * as pulumi from '@pulumi/pulumi';

/** The load-balancer IP the mocked cluster gives LoadBalancer Services (TEST-NET-3). */
export const LOAD_BALANCER_IP = '203.0.113.10';

/** One resource as the Pulumi engine receives it. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** URN of the parent; empty for the stack's direct children. */
  readonly parent: string;
  /** URNs of the resources this one depends on. */
  readonly dependencies: string[];
  readonly additionalSecretOutputs: string[];
  readonly customTimeouts: { create: string; update: string };
  /** `<provider urn>::<provider id>`, empty for the default provider. */
  readonly provider: string;
  /** Inputs as sent: a secret value is a `{ [specialSigKey]: specialSecretSig, value }` marker. */
  readonly inputs: Record<string, any>;
  /** Whether the resource was read (`.get`) rather than registered. */
  readonly read: boolean;
}

export interface ClusterOptions {
  /** What the cluster publishes for a LoadBalancer Service. @default { ip: LOAD_BALANCER_IP } */
  readonly loadBalancerIngress?: { ip?: string; hostname?: string };
  /** The address Istio publishes in a Gateway API Gateway's status. @default - none */
  readonly gatewayAddress?: string;
  /** Objects that exist before the program runs, by `<namespace>/<name>`, for `.get`. */
  readonly existing?: Record<string, Record<string, any>>;
}

/**
 * Points the Pulumi runtime at mocks that behave like a cluster with a load
 * balancer (LoadBalancer Services get `loadBalancerIngress`, NodePort and
 * LoadBalancer ports get node ports), and records every request the engine
 * would see. Each call starts an empty record, once the previous mocks have
 * answered everything (a component registers its outputs last, and a new
 * mock monitor would not know it).
 */
export async function mockCluster(options: ClusterOptions = {}): Promise<Registration[]> {
  await settle();
  const registrations: Registration[] = [];
  await pulumi.runtime.setMocks({
    newResource: ({ type, name, inputs, id }) => {
      if (id) return { id, state: options.existing?.[id] ?? {} };
      return { id: `${name}-id`, state: liveState(type, inputs, options) };
    },
    call: ({ inputs }) => inputs,
  });
  const monitor = pulumi.runtime.getMonitor() as any;
  for (const method of ['registerResource', 'readResource'] as const) {
    const original = monitor[method].bind(monitor);
    monitor[method] = (req: any, callback: (err: any, res: any) => void) =>
      original(req, (err: any, res: any) => {
        if (!err) {
          const timeouts = method === 'registerResource' ? req.getCustomtimeouts()?.toObject() : undefined;
          registrations.push({
            type: req.getType(),
            name: req.getName(),
            urn: res.getUrn(),
            parent: req.getParent(),
            dependencies: method === 'registerResource' ? req.getDependenciesList() : [],
            additionalSecretOutputs: method === 'registerResource' ? req.getAdditionalsecretoutputsList() : [],
            customTimeouts: { create: timeouts?.create ?? '', update: timeouts?.update ?? '' },
            provider: req.getProvider(),
            inputs: pulumi.runtime.deserializeProperties(method === 'registerResource' ? req.getObject() : req.getProperties()),
            read: method === 'readResource',
          });
        }
        callback(err, res);
      });
  }
  return registrations;
}

/** What the API server and Istio add to an object once it exists. */
function liveState(type: string, inputs: any, options: ClusterOptions): any {
  if (type === 'kubernetes:core/v1:Service') return withServiceStatus(inputs, options);
  if (type === 'kubernetes:gateway.networking.k8s.io/v1:Gateway' && options.gatewayAddress !== undefined) {
    return { ...inputs, status: { addresses: [{ type: 'IPAddress', value: options.gatewayAddress }] } };
  }
  return inputs;
}

function withServiceStatus(inputs: any, options: ClusterOptions): any {
  const type = inputs.spec?.type ?? 'ClusterIP';
  const ports = (inputs.spec?.ports ?? []).map((port: any, i: number) => (type === 'ClusterIP' ? port : { ...port, nodePort: 30000 + i }));
  const loadBalancer = type === 'LoadBalancer' ? { ingress: [options.loadBalancerIngress ?? { ip: LOAD_BALANCER_IP }] } : {};
  return { ...inputs, spec: { ...inputs.spec, ports }, status: { loadBalancer } };
}

/** Waits until the Pulumi runtime has sent everything; call it after the last test of a file, so that jest can exit. */
export function settle(): Promise<void> {
  return pulumi.runtime.disconnect();
}

/** The value of an output, once known. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

/** Waits until every given resource has been registered. */
export async function registered(resources: readonly pulumi.Resource[]): Promise<void> {
  await valueOf(pulumi.all(resources.map((r) => r.urn)));
}

/** Whether an input value was sent as a secret. */
export function isSecretInput(value: unknown): boolean {
  return pulumi.runtime.isRpcSecret(value);
}

/** The inputs with every secret marker replaced by its value. */
export function plain(value: any): any {
  if (pulumi.runtime.isRpcSecret(value)) return plain(pulumi.runtime.unwrapRpcSecret(value));
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}
