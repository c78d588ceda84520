import { ApiObject, Chart, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { invalid, show } from '../core/errors';
import { checkLabelValue } from '../core/names';
import { BackendService, IBackend } from './backend';
import { ensureChartChecks } from './chart-checks';
import { IIngressGateway } from './ingress-gateway';
import { ensureNamespace } from './namespace';
import { checkNamespace, objectName } from './props';
import { proxyPeer } from './network-policy';
import { resourceRequirements, restrictedContainerSecurityContext, restrictedPodSecurityContext } from './workload';

const k8s = kplus.k8s;

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
}

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
  private networkPolicy?: ApiObject;

  constructor(scope: Construct, id: string, props: HttpbinAppProps = {}) {
    super(scope, id);
    this.name = objectName(this, props.name);
    this.namespace = checkNamespace(this, 'namespace', props.namespace ?? Chart.of(this).namespace ?? 'default');
    const version = props.version ?? 'v1';
    const versionProblem = checkLabelValue(version);
    if (versionProblem || version === '') invalid(this, 'version', `${show(version)} ${versionProblem ?? 'must not be empty'}`);
    const replicas = props.replicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 0) invalid(this, 'replicas', `${show(replicas)} must be a whole number, 0 or more`);
    const image = props.image ?? 'docker.io/mccutchen/go-httpbin:v2.15.0';
    if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) invalid(this, 'image', `${show(image)} is not a container image reference`);

    if (props.createNamespace ?? true) ensureNamespace(this, this.namespace);
    ensureChartChecks(this);

    const selector = { app: this.name, version };
    this.selector = selector;
    this.podLabels = {
      ...selector,
      ...(props.sidecarInjection === undefined ? {} : { 'sidecar.istio.io/inject': String(props.sidecarInjection) }),
    };
    const metadata = { name: this.name, namespace: this.namespace, labels: { app: this.name } };

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata });

    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { ...metadata, labels: { app: this.name, service: this.name } },
      spec: {
        selector: { app: this.name },
        ports: [{ name: 'http', port: SERVICE_PORT, targetPort: k8s.IntOrString.fromNumber(CONTAINER_PORT), protocol: 'TCP', appProtocol: 'http' }],
      },
    });

    const probe = (periodSeconds: number) => ({
      httpGet: { path: '/status/200', port: k8s.IntOrString.fromString('http') },
      periodSeconds,
      timeoutSeconds: 2,
    });
    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: this.name, namespace: this.namespace, labels: { ...selector } },
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
                resources: resourceRequirements(this, 'resources', props.resources, {
                  cpuRequest: '10m',
                  cpuLimit: '500m',
                  memoryRequest: '32Mi',
                  memoryLimit: '128Mi',
                }),
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
    if (!gateway || typeof gateway.toModel !== 'function') invalid(this, `allowIngressFrom[${this.ingressGateways.length}]`, 'expected an IngressGateway');
    this.ingressGateways.push(gateway);
    this.networkPolicy ??= new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name: this.name, namespace: this.namespace, labels: { app: this.name } },
      spec: {
        podSelector: { matchLabels: { ...this.selector } },
        policyTypes: ['Ingress'],
        ingress: Lazy.any({
          produce: () => {
            // Gateways sharing a proxy are one peer.
            const peers = new Map(this.ingressGateways.map((g) => proxyPeer(g.toModel().proxy)).map((peer) => [JSON.stringify(peer), peer]));
            return [{ from: [...peers.values()], ports: [{ port: k8s.IntOrString.fromNumber(CONTAINER_PORT), protocol: 'TCP' }] }];
          },
        }),
      },
    });
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
