import { ApiObject, Chart, Duration, JsonPatch } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { invalid, show } from '../errors';
import { checkImageReference } from '../checks/names';
import { wholeSecondsProp } from '../values/duration';
import { booleanProp, checkKnownKeys, checkLabels, checkNamespace, propNames, requireOptions } from '../values/props';
import { resourceRequirements } from '../render/proxy';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../render/workload';
import { resourcesToModel } from '../values/workload';
import { metadataToModel, ObjectMetadata } from '../values/metadata';
import { OPERATOR_CRDS, OPERATOR_GROUP, OPERATOR_KINDS, OPERATOR_VERSION } from './generated/crds';
import type { OperatorKind } from './render';
import { CHILD_KINDS, ClusterApi } from './resources';
import { extended } from '../model/objects';


/** Props of an IngressOperator. */
export interface IngressOperatorProps {
  /**
   * The hook image: this package's `Dockerfile` built and pushed to your
   * registry (pin it by digest). The image cannot be built for you here.
   */
  readonly image: string;
  /**
   * Namespace of the hook Deployment, Service and NetworkPolicy.
   * @default "cdk8s-istio-ingress"
   */
  readonly namespace?: string;
  /**
   * Whether to create the namespace (enforcing the "restricted" Pod Security Standard).
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Hook replicas; at least 2, so that one can be evicted while the other
   * serves (a PodDisruptionBudget keeps one).
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Container resources of the hook.
   * @default - requests 100m CPU and 128Mi memory, limits 1000m CPU and 512Mi memory
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Whether the cluster has the Kubernetes Gateway API CRDs: the controllers
   * then manage its kinds too. Metacontroller cannot watch a kind whose CRD
   * is missing, so this must match the cluster.
   * @default false
   */
  readonly gatewayApi?: boolean;
  /**
   * Whether the cluster has cert-manager (TlsIngress certificates from an issuer).
   * @default false
   */
  readonly certManager?: boolean;
  /**
   * How often Metacontroller resyncs every resource even when nothing changed.
   * @default Duration.minutes(5)
   */
  readonly resyncPeriod?: Duration;
  /**
   * How long Metacontroller waits for a hook to answer.
   * @default Duration.seconds(10)
   */
  readonly hookTimeout?: Duration;
  /**
   * Namespace Metacontroller runs in, the only one whose pods may call the hook.
   * @default "metacontroller"
   */
  readonly metacontrollerNamespace?: string;
  /**
   * Labels of Metacontroller's pods.
   * @default - `app.kubernetes.io/name: metacontroller`, as its production manifests label them
   */
  readonly metacontrollerPodLabels?: { [key: string]: string };
  /**
   * Labels and annotations of every object the install emits (not the hook's pods, whose labels select them).
   * @default - none
   */
  readonly metadata?: ObjectMetadata;
}

const INGRESS_OPERATOR_PROPS = propNames<IngressOperatorProps>({
  image: true,
  namespace: true,
  createNamespace: true,
  replicas: true,
  resources: true,
  gatewayApi: true,
  certManager: true,
  resyncPeriod: true,
  hookTimeout: true,
  metacontrollerNamespace: true,
  metacontrollerPodLabels: true,
  metadata: true,
});

/** The port the hook listens on in its container (`PORT`). */
const HOOK_PORT = 8080;
/** The uid of the `node` user of the official Node.js images, which the Dockerfile runs as. */
const HOOK_UID = 1000;
const NAME = 'cdk8s-istio-ingress-operator';
const POD_SECURITY_LABEL = 'pod-security.kubernetes.io/enforce';

/**
 * Everything operator mode needs besides Metacontroller itself: the three
 * CustomResourceDefinitions, one CompositeController per kind (hook version
 * v2, children updated in place, a periodic resync), and the hook: a
 * Deployment of at least two restricted pods with a PodDisruptionBudget, its
 * Service and ServiceAccount, and a NetworkPolicy that admits only
 * Metacontroller's pods. The hook never calls the API server (Metacontroller
 * sends it everything and applies what it returns), so it gets no RBAC at all
 * and no service account token.
 */
export class IngressOperator extends Construct {
  /** Namespace of the hook. */
  public readonly namespace: string;
  /** Name of the hook Service, Deployment and ServiceAccount. */
  public readonly serviceName: string;

  constructor(scope: Construct, id: string, props: IngressOperatorProps) {
    super(scope, id);
    requireOptions(this, 'props', props, 'IngressOperatorProps with the hook image');
    checkKnownKeys(this, '', props, INGRESS_OPERATOR_PROPS);
    if (props.image === undefined || props.image === '') invalid(this, 'image', 'give the hook image (this package\'s Dockerfile, built and pushed to your registry)');
    const imageProblem = checkImageReference(props.image);
    if (imageProblem) invalid(this, 'image', `${show(props.image)} ${imageProblem}`);
    this.namespace = checkNamespace(this, 'namespace', props.namespace ?? 'cdk8s-istio-ingress');
    const replicas = props.replicas ?? 2;
    if (!Number.isInteger(replicas) || replicas < 2) {
      invalid(this, 'replicas', `${show(replicas)} must be a whole number of at least 2: with one replica every eviction or rollout stops reconciliation, and the PodDisruptionBudget would block node drains`);
    }
    if (replicas > 2 ** 31 - 1) invalid(this, 'replicas', `${show(replicas)} is more than a Deployment takes: give at most 2147483647 (2 or 3 are enough for the hook)`);
    const resync = props.resyncPeriod === undefined ? 300 : wholeSecondsProp(this, 'resyncPeriod', props.resyncPeriod, 'Duration.minutes(5)');
    const timeout = props.hookTimeout === undefined ? 10 : wholeSecondsProp(this, 'hookTimeout', props.hookTimeout, 'Duration.minutes(5)');
    const metacontrollerNamespace = checkNamespace(this, 'metacontrollerNamespace', props.metacontrollerNamespace ?? 'metacontroller');
    const metacontrollerLabels = checkLabels(this, 'metacontrollerPodLabels', props.metacontrollerPodLabels ?? { 'app.kubernetes.io/name': 'metacontroller' });
    if (Object.keys(metacontrollerLabels).length === 0) invalid(this, 'metacontrollerPodLabels', 'an empty selector would let every pod of the namespace call the hook; give the labels of Metacontroller\'s pods');
    const apis = new Set([ClusterApi.KUBERNETES, ClusterApi.ISTIO]);
    if (booleanProp(this, 'gatewayApi', props.gatewayApi, false)) apis.add(ClusterApi.GATEWAY_API);
    if (booleanProp(this, 'certManager', props.certManager, false)) apis.add(ClusterApi.CERT_MANAGER);
    const createNamespace = booleanProp(this, 'createNamespace', props.createNamespace, true);

    this.serviceName = NAME;
    const labels = { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/component': 'hook' };
    const extra = metadataToModel(this, 'metadata', props.metadata);
    const metadata = { name: NAME, namespace: this.namespace, labels: extended(extra?.labels ?? {}, labels), annotations: extra?.annotations };

    // cdk8s copies a chart's namespace onto every object; cluster-scoped ones must not carry it.
    const clusterScoped = (object: ApiObject) => {
      if (Chart.of(this).namespace !== undefined) object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    };
    if (createNamespace) {
      clusterScoped(new ApiObject(this, 'Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: this.namespace, labels: extended(extra?.labels ?? {}, { [POD_SECURITY_LABEL]: 'restricted' }), annotations: extra?.annotations } }));
    }
    // The generated CRDs are plain JSON already, schema extensions spelled as the API server reads them.
    OPERATOR_CRDS.forEach((crd, i) => {
      const { metadata: crdMetadata, ...rest } = crd as { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> } };
      const labeled = extended(crdMetadata, { labels: extended(extra?.labels ?? {}, crdMetadata.labels ?? {}), annotations: extra?.annotations });
      clusterScoped(new ApiObject(this, `Crd${OPERATOR_KINDS[i].kind}`, extended(rest, { metadata: labeled })));
    });

    const resources = resourceRequirements(resourcesToModel(this, 'resources', props.resources, { cpuRequest: '100m', cpuLimit: '1000m', memoryRequest: '128Mi', memoryLimit: '512Mi' }));
    new ApiObject(this, 'ServiceAccount', { apiVersion: 'v1', kind: 'ServiceAccount', metadata, automountServiceAccountToken: false });
    new ApiObject(this, 'Deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: NAME,
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext(HOOK_UID),
            // Spread over nodes, so that one node going down leaves a hook serving.
            topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels } }],
            terminationGracePeriodSeconds: 30,
            containers: [
              {
                name: 'hook',
                image: props.image,
                args: ['operator'],
                env: [{ name: 'PORT', value: String(HOOK_PORT) }],
                ports: [{ name: 'http', containerPort: HOOK_PORT, protocol: 'TCP' }],
                readinessProbe: { httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 5 },
                livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, failureThreshold: 3 },
                resources,
                securityContext: restrictedContainerSecurityContext(HOOK_UID),
              },
            ],
          },
        },
      },
    });
    new ApiObject(this, 'DisruptionBudget', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata,
      spec: { selector: { matchLabels: labels }, minAvailable: 1 },
    });
    new ApiObject(this, 'Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata,
      spec: {
        type: 'ClusterIP',
        selector: labels,
        ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' }],
      },
    });
    new ApiObject(this, 'NetworkPolicy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata,
      spec: {
        podSelector: { matchLabels: labels },
        // The hook opens no connection at all: egress is closed, ingress is Metacontroller's.
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': metacontrollerNamespace } }, podSelector: { matchLabels: { ...metacontrollerLabels } } }],
            ports: [{ port: HOOK_PORT, protocol: 'TCP' }],
          },
        ],
        egress: [],
      },
    });

    for (const { kind, plural } of OPERATOR_KINDS) {
      const hook = (path: string) => ({
        version: 'v2',
        webhook: { service: { name: NAME, namespace: this.namespace, port: 80 }, path: `/${path}/${plural}`, timeout: `${timeout}s` },
      });
      const controller = new ApiObject(this, `Controller${kind}`, {
        apiVersion: 'metacontroller.k8s.io/v1alpha1',
        kind: 'CompositeController',
        metadata: { name: `${plural}.${OPERATOR_GROUP}`, labels: extra?.labels, annotations: extra?.annotations },
        spec: {
          generateSelector: true,
          resyncPeriodSeconds: resync,
          parentResource: { apiVersion: `${OPERATOR_GROUP}/${OPERATOR_VERSION}`, resource: plural, ignoreStatusChanges: true },
          childResources: CHILD_KINDS[kind as OperatorKind]
            .filter((child) => apis.has(child.api))
            .map((child) => ({ apiVersion: child.apiVersion, resource: child.resource, updateStrategy: { method: 'InPlace' } })),
          hooks: { customize: hook('customize'), sync: hook('sync') },
        },
      });
      clusterScoped(controller);
    }
  }
}
