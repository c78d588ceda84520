import { ManifestObject, objectRef, Violation } from './violations';

/**
 * The Kubernetes Pod Security Standards, "baseline" and "restricted" profiles,
 * as published at https://kubernetes.io/docs/concepts/security/pod-security-standards/
 * (including the v1.34 host probes and lifecycle hooks control), plus two rules
 * of our own: every container declares CPU and memory requests and limits, and
 * runs with a read-only root filesystem unless the caller allow-lists it.
 *
 * Every pod is checked as a Linux pod that shares the node's user namespace:
 * the relaxations the standard grants to `spec.os.name: windows` and to
 * `hostUsers: false` are deliberately not applied. We emit neither, and a
 * stricter check can only report too much, never let a violation through.
 */

/** A container that may write to its root filesystem, and why. */
export interface WritableRootFilesystem {
  /** The object, as `Kind/namespace/name`. */
  readonly object: string;
  readonly container: string;
  /** Why the image cannot run read-only; an exception nobody can explain should not exist. */
  readonly reason: string;
}

export interface PodSecurityOptions {
  /**
   * Containers exempt from the read-only root filesystem rule.
   * @default - none
   */
  readonly writableRootFilesystem?: readonly WritableRootFilesystem[];
}

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;
/** Ephemeral containers may not declare resources, so only these two lists must. */
const RESOURCED_CONTAINER_LISTS = new Set(['containers', 'initContainers']);

const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const SECCOMP_TYPES = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_TYPES = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';
const SELINUX_TYPES = new Set(['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const LIFECYCLE_HOOKS = ['postStart', 'preStop'] as const;

/** Every violation in every pod spec of `objects`, in the order they appear. */
export function podSecurityViolations(objects: readonly ManifestObject[], options: PodSecurityOptions = {}): Violation[] {
  const violations: Violation[] = [];
  for (const object of objects) {
    const ref = objectRef(object);
    const writable = new Set((options.writableRootFilesystem ?? []).filter((w) => w.object === ref).map((w) => w.container));
    for (const pod of findPods(object, '')) {
      checkPod(pod, writable, (path, message) => violations.push({ object: ref, path, message }));
    }
  }
  return violations;
}

interface FoundPod {
  readonly metadata: any;
  readonly metadataPath: string;
  readonly spec: any;
  readonly specPath: string;
}

/**
 * Pods and pod templates wherever they are nested: `spec` of a Pod,
 * `template.spec` of a PodTemplate, `spec.template.spec` of Deployments,
 * ReplicaSets, StatefulSets, DaemonSets, ReplicationControllers and Jobs,
 * `spec.jobTemplate.spec.template.spec` of CronJobs, and any custom resource
 * that embeds a pod template. Recognising the shape rather than a list of kinds
 * means a workload kind nobody thought of is checked all the same.
 */
function findPods(node: unknown, path: string): FoundPod[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => findPods(item, `${path}[${i}]`));
  if (node === null || typeof node !== 'object') return [];
  const value = node as Record<string, unknown>;
  const spec = value.spec as Record<string, unknown> | undefined;
  if (spec && typeof spec === 'object' && Array.isArray(spec.containers)) {
    return [{ metadata: value.metadata ?? {}, metadataPath: join(path, 'metadata'), spec, specPath: join(path, 'spec') }];
  }
  return Object.entries(value).flatMap(([key, child]) => findPods(child, join(path, key)));
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

type Report = (path: string, message: string) => void;

function checkPod(pod: FoundPod, writableContainers: ReadonlySet<string>, report: Report): void {
  const { spec, specPath } = pod;
  const podContext = spec.securityContext ?? {};
  const podContextPath = `${specPath}.securityContext`;

  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[field] === true) report(`${specPath}.${field}`, `true shares a namespace of the node (baseline: host namespaces); remove it`);
  }
  checkHostProcess(podContext, podContextPath, report);
  checkAppArmorProfile(podContext, podContextPath, report);
  checkSeLinux(podContext, podContextPath, report);
  (podContext.sysctls ?? []).forEach((sysctl: any, i: number) => {
    if (!SAFE_SYSCTLS.has(sysctl?.name)) {
      report(`${podContextPath}.sysctls[${i}].name`, `${show(sysctl?.name)} is not a safe sysctl (baseline: sysctls); the safe ones are ${[...SAFE_SYSCTLS].join(', ')}`);
    }
  });
  checkVolumes(spec, specPath, report);
  checkAppArmorAnnotations(pod, report);

  // Pod-level fields Kubernetes applies to every container that does not set its own.
  const podRunAsNonRoot = podContext.runAsNonRoot;
  if (podRunAsNonRoot === false) report(`${podContextPath}.runAsNonRoot`, 'false lets containers run as root (restricted: running as non-root); set true');
  if (podContext.runAsUser === 0) report(`${podContextPath}.runAsUser`, '0 runs containers as root (restricted: running as non-root user); use a non-zero uid');
  const podSeccomp = podContext.seccompProfile?.type;
  if (podContext.seccompProfile !== undefined && !SECCOMP_TYPES.has(podSeccomp)) {
    report(`${podContextPath}.seccompProfile.type`, `${show(podSeccomp)} is not allowed (restricted: seccomp); use RuntimeDefault or Localhost`);
  }

  for (const list of CONTAINER_LISTS) {
    (spec[list] ?? []).forEach((container: any, i: number) => {
      const path = `${specPath}.${list}[${i}]`;
      const context = container.securityContext ?? {};
      const contextPath = `${path}.securityContext`;

      if (context.privileged === true) report(`${contextPath}.privileged`, 'true disables container isolation (baseline: privileged containers); remove it');
      checkHostProcess(context, contextPath, report);
      checkAppArmorProfile(context, contextPath, report);
      checkSeLinux(context, contextPath, report);
      if (context.procMount !== undefined && context.procMount !== 'Default') {
        report(`${contextPath}.procMount`, `${show(context.procMount)} unmasks /proc (baseline: /proc mount type); use Default or leave it unset`);
      }
      (container.ports ?? []).forEach((port: any, j: number) => {
        if (port.hostPort !== undefined && port.hostPort !== 0) {
          report(`${path}.ports[${j}].hostPort`, `${port.hostPort} opens a port on the node (baseline: host ports); remove hostPort and expose the port through a Service`);
        }
      });
      checkHostProbes(container, path, report);
      checkCapabilities(context, contextPath, report);

      if (context.allowPrivilegeEscalation !== false) {
        report(
          `${contextPath}.allowPrivilegeEscalation`,
          `${context.allowPrivilegeEscalation === undefined ? 'is not set, which allows it' : show(context.allowPrivilegeEscalation)}: it must be false (restricted: privilege escalation)`,
        );
      }
      if (context.runAsNonRoot === false) {
        report(`${contextPath}.runAsNonRoot`, 'false lets the container run as root (restricted: running as non-root); set true');
      } else if (context.runAsNonRoot === undefined && podRunAsNonRoot === undefined) {
        report(`${contextPath}.runAsNonRoot`, `is not set, nor is ${podContextPath}.runAsNonRoot (restricted: running as non-root); set runAsNonRoot: true on the pod`);
      }
      if (context.runAsUser === 0) report(`${contextPath}.runAsUser`, '0 runs the container as root (restricted: running as non-root user); use a non-zero uid');
      if (context.seccompProfile !== undefined) {
        if (!SECCOMP_TYPES.has(context.seccompProfile.type)) {
          report(`${contextPath}.seccompProfile.type`, `${show(context.seccompProfile.type)} is not allowed (restricted: seccomp); use RuntimeDefault or Localhost`);
        }
      } else if (podContext.seccompProfile === undefined) {
        report(`${contextPath}.seccompProfile.type`, `is not set, nor is ${podContextPath}.seccompProfile.type (restricted: seccomp); set RuntimeDefault on the pod`);
      }

      if (RESOURCED_CONTAINER_LISTS.has(list)) {
        for (const kind of ['requests', 'limits']) {
          for (const resource of ['cpu', 'memory']) {
            if (container.resources?.[kind]?.[resource] === undefined) {
              report(`${path}.resources.${kind}.${resource}`, 'is not set; every container declares CPU and memory requests and limits');
            }
          }
        }
      }
      if (context.readOnlyRootFilesystem !== true && !writableContainers.has(container.name)) {
        report(
          `${contextPath}.readOnlyRootFilesystem`,
          `${context.readOnlyRootFilesystem === undefined ? 'is not set' : show(context.readOnlyRootFilesystem)}: it must be true (mount an emptyDir where the program writes), ` +
            'or the container must be allow-listed with a reason',
        );
      }
    });
  }
}

function checkHostProcess(context: any, path: string, report: Report): void {
  if (context.windowsOptions?.hostProcess === true) {
    report(`${path}.windowsOptions.hostProcess`, 'true gives a Windows container access to the host (baseline: HostProcess); remove it');
  }
}

function checkAppArmorProfile(context: any, path: string, report: Report): void {
  const type = context.appArmorProfile?.type;
  if (context.appArmorProfile !== undefined && !APPARMOR_TYPES.has(type)) {
    report(`${path}.appArmorProfile.type`, `${show(type)} is not allowed (baseline: AppArmor); use RuntimeDefault or Localhost, or leave it unset`);
  }
}

function checkAppArmorAnnotations(pod: FoundPod, report: Report): void {
  for (const [key, value] of Object.entries<any>(pod.metadata.annotations ?? {})) {
    if (key.startsWith(APPARMOR_ANNOTATION) && value !== 'runtime/default' && !String(value).startsWith('localhost/')) {
      report(`${pod.metadataPath}.annotations[${JSON.stringify(key)}]`, `${show(value)} is not allowed (baseline: AppArmor); use runtime/default or localhost/<profile>`);
    }
  }
}

function checkSeLinux(context: any, path: string, report: Report): void {
  const options = context.seLinuxOptions ?? {};
  if (options.type !== undefined && options.type !== '' && !SELINUX_TYPES.has(options.type)) {
    report(`${path}.seLinuxOptions.type`, `${show(options.type)} is not allowed (baseline: SELinux); use ${[...SELINUX_TYPES].join(', ')}, or leave it unset`);
  }
  for (const field of ['user', 'role']) {
    if (options[field] !== undefined && options[field] !== '') {
      report(`${path}.seLinuxOptions.${field}`, `${show(options[field])} must not be set (baseline: SELinux); remove it`);
    }
  }
}

function checkVolumes(spec: any, specPath: string, report: Report): void {
  (spec.volumes ?? []).forEach((volume: any, i: number) => {
    const path = `${specPath}.volumes[${i}]`;
    if (volume.hostPath !== undefined) {
      report(`${path}.hostPath`, 'mounts a directory of the node (baseline: hostPath volumes); use emptyDir, configMap, secret, projected or a PersistentVolumeClaim');
      return;
    }
    // A volume without a source is defaulted to emptyDir by the API server.
    const types = Object.keys(volume).filter((key) => key !== 'name');
    if (types.length > 0 && !types.some((type) => RESTRICTED_VOLUME_TYPES.includes(type))) {
      report(path, `uses the volume type ${show(types.join(', '))} (restricted: volume types); allowed are ${RESTRICTED_VOLUME_TYPES.join(', ')}`);
    }
  });
}

function checkHostProbes(container: any, path: string, report: Report): void {
  const handlers: [string, any][] = [
    ...PROBES.map((probe): [string, any] => [`${path}.${probe}`, container[probe]]),
    ...LIFECYCLE_HOOKS.map((hook): [string, any] => [`${path}.lifecycle.${hook}`, container.lifecycle?.[hook]]),
  ];
  for (const [handlerPath, handler] of handlers) {
    for (const action of ['httpGet', 'tcpSocket']) {
      const host = handler?.[action]?.host;
      if (host !== undefined && host !== '') {
        report(`${handlerPath}.${action}.host`, `${show(host)} points the check at another host (baseline: host probes and lifecycle hooks); remove host so it reaches the pod itself`);
      }
    }
  }
}

function checkCapabilities(context: any, contextPath: string, report: Report): void {
  const path = `${contextPath}.capabilities`;
  (context.capabilities?.add ?? []).forEach((capability: string, i: number) => {
    if (capability !== 'NET_BIND_SERVICE') {
      report(`${path}.add[${i}]`, `${show(capability)} is added; only NET_BIND_SERVICE may be (restricted: capabilities)`);
    }
  });
  const drop = context.capabilities?.drop;
  if (!Array.isArray(drop) || !drop.includes('ALL')) {
    report(`${path}.drop`, `${drop === undefined ? 'is not set' : show(drop)}: it must include "ALL" (restricted: capabilities)`);
  }
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
