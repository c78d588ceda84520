import { ApiObject, Chart, Lazy } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { invalid, show } from '../errors';
import { checkDns1035Label, checkImageReference, checkLabelValue } from '../checks/names';
import { MetadataModel } from '../model/types';
import { metadata as objectMetadata } from '../render/manifest';
import { resourceRequirements } from '../render/proxy';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../render/workload';
import { BackendService, IBackend } from '../values/backend';
import { metadataToModel, ObjectMetadata } from '../values/metadata';
import { booleanProp, checkKnownKeys, checkNamespace, objectName, propNames, requireOptions } from '../values/props';
import { resourcesToModel } from '../values/workload';
import { IIngressGateway, isGateway } from './gateway-reference';
import { ensureNamespace } from './namespace';
import { IngressRegistry } from './registry';
import { extended } from '../model/objects';

/** Props of an HttpbinApp. */
export interface HttpbinAppProps {
  /**
   * Name of the ServiceAccount, Service and Deployment.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace to deploy into.
   * @default - the chart's namespace, else "default"
   */
  readonly namespace?: string;
  /**
   * Whether to create the namespace (never for built-in ones, and once per chart).
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Container image; it must serve httpbin on port 8080.
   * @default "docker.io/mccutchen/go-httpbin:v2.15.0"
   */
  readonly image?: string;
  /**
   * Number of pods.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * The `version` label of the pods (e.g. to tell canary versions apart).
   * @default "v1"
   */
  readonly version?: string;
  /**
   * Whether Istio injects a sidecar into the pods (`sidecar.istio.io/inject`).
   * A sidecar under the "restricted" Pod Security Standard needs Istio CNI.
   * @default - the namespace's injection setting decides
   */
  readonly sidecarInjection?: boolean;
  /**
   * Container resources.
   * @default - requests 10m CPU and 32Mi memory, limits 500m CPU and 128Mi memory
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Gateways whose proxy pods alone may connect to httpbin: a NetworkPolicy
   * admits them on the container port and closes httpbin to every other pod
   * (where the cluster's network plugin enforces NetworkPolicy). With a
   * sidecar, this also closes the sidecar's metrics ports to scrapers.
   * @default - no NetworkPolicy: any pod may connect
   */
  readonly allowIngressFrom?: IIngressGateway[];
  /**
   * Labels and annotations of every object the app emits (not its pods).
   * @default - none
   */
  readonly metadata?: ObjectMetadata;
}

/** The props a JavaScript or YAML caller may give (checked at compile time to be exactly those of HttpbinAppProps). */
const HTTPBIN_APP_PROPS = propNames<HttpbinAppProps>({ name: true, namespace: true, createNamespace: true, image: true, replicas: true, version: true, sidecarInjection: true, resources: true, allowIngressFrom: true, metadata: true });

/** The port httpbin listens on inside the container. */
const CONTAINER_PORT = 8080;
/** The Service port of Istio's httpbin sample. */
const SERVICE_PORT = 8000;
/** Non-root uid/gid for the distroless go-httpbin image. */
const HTTPBIN_UID = 65532;

/**
 * The httpbin sample (Istio's `samples/httpbin`): a ServiceAccount, a Service
 * `http` 8000 -> 8080, and a hardened Deployment of go-httpbin. Usable as a
 * backend directly.
 */
export class HttpbinApp extends Construct implements IBackend {
  public readonly name: string;
  public readonly namespace: string;
  public readonly service: ApiObject;
  public readonly deployment: ApiObject;
  /** Labels of the pods. */
  public readonly podLabels: Readonly<Record<string, string>>;

  private readonly selector: Record<string, string>;
  private readonly ingressGateways: IIngressGateway[] = [];
  private readonly metadataModel?: MetadataModel;
  private networkPolicy?: ApiObject;

  constructor(scope: Construct, id: string, props: HttpbinAppProps = {}) {
    super(scope, id);
    requireOptions(this, 'props', props, 'HttpbinAppProps');
    checkKnownKeys(this, '', props, HTTPBIN_APP_PROPS);
    this.name = objectName(this, props.name);
    // The name is the Service's, and Service names are DNS-1035 labels: a letter first.
    const serviceProblem = checkDns1035Label(this.name);
    if (serviceProblem) invalid(this, props.name === undefined ? 'name (from the construct id)' : 'name', `${show(this.name)} ${serviceProblem}`);
    this.namespace = checkNamespace(this, 'namespace', props.namespace ?? Chart.of(this).namespace ?? 'default');
    const version = props.version ?? 'v1';
    const versionProblem = checkLabelValue(version);
    if (versionProblem || version === '') invalid(this, 'version', `${show(version)} ${versionProblem ?? 'must not be empty'}`);
    const replicas = props.replicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 0 || replicas > 2 ** 31 - 1) invalid(this, 'replicas', `${show(replicas)} must be a whole number, 0 or more`);
    const image = props.image ?? 'docker.io/mccutchen/go-httpbin:v2.15.0';
    const imageProblem = checkImageReference(image);
    if (imageProblem) invalid(this, 'image', `${show(image)} ${imageProblem}`);
    const sidecarInjection = props.sidecarInjection === undefined ? undefined : booleanProp(this, 'sidecarInjection', props.sidecarInjection, false);
    const resources = resourcesToModel(this, 'resources', props.resources, { cpuRequest: '10m', cpuLimit: '500m', memoryRequest: '32Mi', memoryLimit: '128Mi' });
    this.metadataModel = metadataToModel(this, 'metadata', props.metadata);

    if (booleanProp(this, 'createNamespace', props.createNamespace, true)) ensureNamespace(this, this.namespace);

    const selector = { app: this.name, version };
    this.selector = selector;
    const injection: Record<string, string> = sidecarInjection === undefined ? {} : { 'sidecar.istio.io/inject': String(sidecarInjection) };
    this.podLabels = extended(selector, injection);

    this.object('ServiceAccount', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: this.objectMetadata({ app: this.name }) });

    this.service = this.object('Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: this.objectMetadata({ app: this.name, service: this.name }),
      spec: {
        selector: { app: this.name },
        ports: [{ name: 'http', port: SERVICE_PORT, targetPort: CONTAINER_PORT, protocol: 'TCP', appProtocol: 'http' }],
      },
    });

    const probe = (periodSeconds: number) => ({ httpGet: { path: '/status/200', port: 'http' }, periodSeconds, timeoutSeconds: 2 });
    this.deployment = this.object('Deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: this.objectMetadata({ ...selector }),
      spec: {
        replicas,
        selector: { matchLabels: { ...selector } },
        template: {
          metadata: { labels: { ...this.podLabels } },
          spec: {
            serviceAccountName: this.name,
            // httpbin never talks to the Kubernetes API.
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext(HTTPBIN_UID),
            containers: [
              {
                name: 'httpbin',
                image,
                imagePullPolicy: 'IfNotPresent',
                ports: [{ name: 'http', containerPort: CONTAINER_PORT, protocol: 'TCP' }],
                readinessProbe: probe(5),
                livenessProbe: probe(10),
                securityContext: restrictedContainerSecurityContext(HTTPBIN_UID),
                resources: resourceRequirements(resources),
              },
            ],
          },
        },
      },
    });

    if (props.allowIngressFrom !== undefined) {
      if (!Array.isArray(props.allowIngressFrom)) invalid(this, 'allowIngressFrom', 'expected a list of gateways');
      props.allowIngressFrom.forEach((gateway) => this.allowIngressFrom(gateway));
    }
  }

  /**
   * Lets the proxy pods of `gateway` connect to httpbin, wherever the gateway
   * is defined. The first call creates a NetworkPolicy that admits only the
   * pods of the gateways given, on the container port.
   */
  public allowIngressFrom(gateway: IIngressGateway): void {
    const field = `allowIngressFrom[${this.ingressGateways.length}]`;
    if (!isGateway(gateway)) invalid(this, field, 'expected an IngressGateway, or a gateway from IngressGateway.fromGatewayName()');
    if (gateway.proxySelector === undefined || Object.keys(gateway.proxySelector).length === 0) {
      invalid(this, field, `the proxy pods of gateway ${gateway.namespace}/${gateway.name} are not known; give their labels (proxySelector) to IngressGateway.fromGatewayName()`);
    }
    this.ingressGateways.push(gateway);
    this.networkPolicy ??= this.object('NetworkPolicy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: this.objectMetadata({ app: this.name }),
      spec: {
        podSelector: { matchLabels: { ...this.selector } },
        policyTypes: ['Ingress'],
        ingress: Lazy.any({
          produce: () => {
            // Gateways sharing a proxy are one peer.
            const peers = new Map(this.ingressGateways.map(proxyPeer).map((peer) => [JSON.stringify(peer), peer]));
            return [{ from: [...peers.values()], ports: [{ port: CONTAINER_PORT, protocol: 'TCP' }] }];
          },
        }),
      },
    });
  }

  /** Creates one of the app's objects, recorded for the check of objects emitted twice in a chart. */
  private object(id: string, manifest: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; [field: string]: unknown }): ApiObject {
    const object = new ApiObject(this, id, manifest);
    IngressRegistry.of(this).recordObject(manifest, object.node.path, this);
    return object;
  }

  private objectMetadata(labels: Record<string, string>) {
    return objectMetadata(this.name, this.namespace, extended(this.metadataModel?.labels ?? {}, labels), this.metadataModel?.annotations);
  }

  public get backendService(): BackendService {
    return {
      serviceName: this.name,
      namespace: this.namespace,
      port: SERVICE_PORT,
      portName: 'http',
      appProtocol: 'http',
      definitionKnown: true,
    };
  }
}

/** The proxy pods of a gateway as a NetworkPolicy peer: their namespace, and the labels that select them. */
function proxyPeer(gateway: IIngressGateway) {
  return {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': gateway.proxyNamespace } },
    podSelector: { matchLabels: { ...gateway.proxySelector } },
  };
}
