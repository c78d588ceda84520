import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { BackendService, IBackend } from '../src';

// Sample backends for the example charts, written as a user would write their
// own: plain Kubernetes objects, hardened the way every workload of this
// library is (the "restricted" Pod Security Standard, a read-only root
// filesystem, requests and limits), and usable as a backend through the
// public `IBackend` interface. They are examples, not library API.

const k8s = kplus.k8s;

/** A pod security context for the "restricted" Pod Security Standard. */
function restrictedPod(uid: number): kplus.k8s.PodSecurityContext {
  return { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid, seccompProfile: { type: 'RuntimeDefault' } };
}

/** A container security context: no privilege, no capabilities, nothing written outside its volumes. */
function restrictedContainer(uid: number): kplus.k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    capabilities: { drop: ['ALL'] },
  };
}

function resources(cpuRequest: string, cpuLimit: string, memoryRequest: string, memoryLimit: string): kplus.k8s.ResourceRequirements {
  const q = (value: string) => k8s.Quantity.fromString(value);
  return { requests: { cpu: q(cpuRequest), memory: q(memoryRequest) }, limits: { cpu: q(cpuLimit), memory: q(memoryLimit) } };
}

/** Props of the helloworld sample. */
export interface HelloworldAppProps {
  /**
   * Namespace to deploy into (it must exist or be created by the chart).
   * @default "default"
   */
  readonly namespace?: string;
  /**
   * Version of Istio's sample image, `v1` or `v2`; names the Deployment `helloworld-<version>`.
   * @default "v1"
   */
  readonly version?: 'v1' | 'v2';
}

/** The uid the Python image runs as: any non-root uid works, its files are world-readable. */
const HELLOWORLD_UID = 65532;
const HELLOWORLD_PORT = 5000;

/**
 * Istio's helloworld sample (`samples/helloworld/helloworld.yaml`): Service
 * `helloworld` (`http` 5000) and Deployment `helloworld-<version>` answering
 * `GET /hello` with its version and pod name. Hardened: gunicorn's only write
 * is its worker heartbeat file in the temporary directory, so `/tmp` is an
 * emptyDir and the root filesystem is read-only.
 */
export class HelloworldApp extends Construct implements IBackend {
  public readonly service: ApiObject;
  public readonly deployment: ApiObject;
  private readonly namespace: string;

  constructor(scope: Construct, id: string, props: HelloworldAppProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? 'default';
    const version = props.version ?? 'v1';
    const labels = { app: 'helloworld', version };
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { name: 'helloworld', namespace: this.namespace, labels: { app: 'helloworld', service: 'helloworld' } },
      spec: {
        selector: { app: 'helloworld' },
        ports: [{ name: 'http', port: HELLOWORLD_PORT, targetPort: k8s.IntOrString.fromNumber(HELLOWORLD_PORT), protocol: 'TCP', appProtocol: 'http' }],
      },
    });
    const probe = (periodSeconds: number) => ({ httpGet: { path: '/health', port: k8s.IntOrString.fromString('http') }, periodSeconds, timeoutSeconds: 2 });
    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: `helloworld-${version}`, namespace: this.namespace, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            securityContext: restrictedPod(HELLOWORLD_UID),
            containers: [
              {
                name: 'helloworld',
                image: `registry.istio.io/release/examples-helloworld-${version}:1.0`,
                imagePullPolicy: 'IfNotPresent',
                // The bytecode cache would be written next to the sources, on the read-only filesystem.
                env: [{ name: 'PYTHONDONTWRITEBYTECODE', value: '1' }],
                ports: [{ name: 'http', containerPort: HELLOWORLD_PORT, protocol: 'TCP' }],
                readinessProbe: probe(5),
                livenessProbe: probe(10),
                securityContext: restrictedContainer(HELLOWORLD_UID),
                // /hello spins the CPU on purpose (the sample's load generator target).
                resources: resources('100m', '500m', '64Mi', '256Mi'),
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } }],
          },
        },
      },
    });
  }

  public get backendService(): BackendService {
    return { serviceName: 'helloworld', namespace: this.namespace, port: HELLOWORLD_PORT, portName: 'http', appProtocol: 'http', definitionKnown: true };
  }
}

/** Props of the TLS-terminating nginx sample. */
export interface NginxTlsAppProps {
  /** The host nginx serves, named by the certificate in `certificateSecret`. */
  readonly host: string;
  /**
   * Namespace to deploy into (it must exist or be created by the chart).
   * @default "default"
   */
  readonly namespace?: string;
  /**
   * The `kubernetes.io/tls` Secret (keys `tls.crt`, `tls.key`) with nginx's
   * own certificate, in `namespace`. The chart does not create it: see the
   * README ("TLS passthrough: the nginx certificate").
   * @default "nginx-server-certs"
   */
  readonly certificateSecret?: string;
}

/** The uid and gid of the nginx-unprivileged image's `nginx` user. */
const NGINX_UID = 101;
/** nginx-unprivileged cannot bind ports below 1024; the Service maps 443 to it. */
const NGINX_TLS_PORT = 8443;
const NGINX_CERT_DIR = '/etc/nginx-server-certs';

/**
 * The backend of Istio's "Ingress Gateway without TLS termination" task:
 * Service `my-nginx` (`https` 443) and a Deployment of nginx that terminates
 * TLS itself with the certificate of Secret `nginx-server-certs`. It runs the
 * nginx-unprivileged image (non-root, pid and temporary files in `/tmp`, an
 * emptyDir) with its server block from a ConfigMap mounted over
 * `/etc/nginx/conf.d`, so the root filesystem stays read-only.
 */
export class NginxTlsApp extends Construct implements IBackend {
  public readonly service: ApiObject;
  public readonly deployment: ApiObject;
  public readonly certificateSecret: string;
  private readonly namespace: string;

  constructor(scope: Construct, id: string, props: NginxTlsAppProps) {
    super(scope, id);
    this.namespace = props.namespace ?? 'default';
    this.certificateSecret = props.certificateSecret ?? 'nginx-server-certs';
    const labels = { app: 'my-nginx' };
    const metadata = { name: 'my-nginx', namespace: this.namespace, labels };
    new k8s.KubeConfigMap(this, 'Config', {
      metadata,
      data: {
        'default.conf': [
          'server {',
          `  listen ${NGINX_TLS_PORT} ssl;`,
          `  server_name ${props.host};`,
          `  ssl_certificate ${NGINX_CERT_DIR}/tls.crt;`,
          `  ssl_certificate_key ${NGINX_CERT_DIR}/tls.key;`,
          '  ssl_protocols TLSv1.2 TLSv1.3;',
          '  location / {',
          '    root /usr/share/nginx/html;',
          '    index index.html;',
          '  }',
          '}',
          '',
        ].join('\n'),
      },
    });
    this.service = new k8s.KubeService(this, 'Service', {
      metadata,
      spec: {
        selector: labels,
        ports: [{ name: 'https', port: 443, targetPort: k8s.IntOrString.fromString('https'), protocol: 'TCP' }],
      },
    });
    const probe = (periodSeconds: number) => ({ httpGet: { path: '/', port: k8s.IntOrString.fromString('https'), scheme: 'HTTPS' }, periodSeconds, timeoutSeconds: 2 });
    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata,
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            securityContext: restrictedPod(NGINX_UID),
            containers: [
              {
                name: 'nginx',
                image: 'docker.io/nginxinc/nginx-unprivileged:1.26.3-alpine-slim',
                imagePullPolicy: 'IfNotPresent',
                ports: [{ name: 'https', containerPort: NGINX_TLS_PORT, protocol: 'TCP' }],
                readinessProbe: probe(5),
                livenessProbe: probe(10),
                securityContext: restrictedContainer(NGINX_UID),
                resources: resources('10m', '200m', '16Mi', '64Mi'),
                volumeMounts: [
                  { name: 'config', mountPath: '/etc/nginx/conf.d', readOnly: true },
                  { name: 'certs', mountPath: NGINX_CERT_DIR, readOnly: true },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: 'my-nginx' } },
              // Owner and group (fsGroup) read the key, nobody else.
              { name: 'certs', secret: { secretName: this.certificateSecret, defaultMode: 0o440 } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } },
            ],
          },
        },
      },
    });
  }

  public get backendService(): BackendService {
    return { serviceName: 'my-nginx', namespace: this.namespace, port: 443, portName: 'https', definitionKnown: true };
  }
}
