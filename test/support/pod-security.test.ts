import { podSecurityViolations, PodSecurityOptions } from './pod-security';

/** A container meeting every rule. */
function container(name: string): any {
  return {
    name,
    image: 'registry.example/app:1',
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
  };
}

/** A Pod meeting every rule, for each test to break in one way. */
function pod(): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns' },
    spec: {
      securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [container('app')],
    },
  };
}

/** Violations of the pod after `mutate`, as [path, message] pairs (the object is always Pod/ns/p). */
function violations(mutate: (p: any) => void, options?: PodSecurityOptions): [string, string][] {
  const p = pod();
  mutate(p);
  return podSecurityViolations([p], options).map((v) => {
    expect(v.object).toBe('Pod/ns/p');
    return [v.path, v.message];
  });
}

const SC = 'spec.containers[0].securityContext';

describe('pod security checker: finds every pod spec', () => {
  test('a pod meeting every rule has no violations', () => {
    expect(podSecurityViolations([pod()])).toStrictEqual([]);
  });

  test.each([
    ['Pod', 'v1', (spec: any) => ({ spec }), 'spec'],
    ['PodTemplate', 'v1', (spec: any) => ({ template: { spec } }), 'template.spec'],
    ['ReplicationController', 'v1', (spec: any) => ({ spec: { template: { spec } } }), 'spec.template.spec'],
    ['Deployment', 'apps/v1', (spec: any) => ({ spec: { selector: {}, template: { spec } } }), 'spec.template.spec'],
    ['ReplicaSet', 'apps/v1', (spec: any) => ({ spec: { template: { spec } } }), 'spec.template.spec'],
    ['StatefulSet', 'apps/v1', (spec: any) => ({ spec: { template: { spec } } }), 'spec.template.spec'],
    ['DaemonSet', 'apps/v1', (spec: any) => ({ spec: { template: { spec } } }), 'spec.template.spec'],
    ['Job', 'batch/v1', (spec: any) => ({ spec: { template: { spec } } }), 'spec.template.spec'],
    ['CronJob', 'batch/v1', (spec: any) => ({ spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec } } } } }), 'spec.jobTemplate.spec.template.spec'],
    ['Rollout', 'argoproj.io/v1alpha1', (spec: any) => ({ spec: { template: { spec } } }), 'spec.template.spec'],
  ])('checks the pod spec of a %s at its path', (kind, apiVersion, wrap, specPath) => {
    const spec = { ...pod().spec, hostNetwork: true };
    const object = { apiVersion, kind, metadata: { name: 'w', namespace: 'ns' }, ...wrap(spec) };
    expect(podSecurityViolations([object])).toStrictEqual([
      { object: `${kind}/ns/w`, path: `${specPath}.hostNetwork`, message: 'true shares a namespace of the node (baseline: host namespaces); remove it' },
    ]);
  });

  test('objects without pods are ignored, and objects without a namespace are named Kind/name', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns' }, data: { containers: '[]' } };
    const noNamespace = { ...pod(), metadata: { name: 'p' } };
    noNamespace.spec.hostPID = true;
    expect(podSecurityViolations([cm, noNamespace]).map((v) => v.object)).toStrictEqual(['Pod/p']);
  });

  test('init and ephemeral containers are checked like containers, except that ephemeral ones declare no resources', () => {
    const init = container('init');
    init.securityContext.privileged = true;
    const debug = container('debug');
    delete debug.resources;
    delete debug.securityContext.readOnlyRootFilesystem;
    expect(
      violations((p) => {
        p.spec.initContainers = [init];
        p.spec.ephemeralContainers = [debug];
      }),
    ).toStrictEqual([
      ['spec.initContainers[0].securityContext.privileged', 'true disables container isolation (baseline: privileged containers); remove it'],
      [
        'spec.ephemeralContainers[0].securityContext.readOnlyRootFilesystem',
        'is not set: it must be true (mount an emptyDir where the program writes), or the container must be allow-listed with a reason',
      ],
    ]);
  });

  test('reports every violation of a pod, not just the first', () => {
    expect(
      violations((p) => {
        p.spec.hostIPC = true;
        p.spec.containers[0].securityContext.privileged = true;
        p.spec.containers.push(container('second'));
        p.spec.containers[1].ports = [{ containerPort: 80, hostPort: 80 }];
      }).map(([path]) => path),
    ).toStrictEqual(['spec.hostIPC', `${SC}.privileged`, 'spec.containers[1].ports[0].hostPort']);
  });
});

describe('pod security checker: the baseline profile', () => {
  test('HostProcess: fails for hostProcess at pod or container level', () => {
    expect(
      violations((p) => {
        p.spec.securityContext.windowsOptions = { hostProcess: true };
        p.spec.containers[0].securityContext.windowsOptions = { hostProcess: true };
      }),
    ).toStrictEqual([
      ['spec.securityContext.windowsOptions.hostProcess', 'true gives a Windows container access to the host (baseline: HostProcess); remove it'],
      [`${SC}.windowsOptions.hostProcess`, 'true gives a Windows container access to the host (baseline: HostProcess); remove it'],
    ]);
    expect(violations((p) => (p.spec.securityContext.windowsOptions = { hostProcess: false }))).toStrictEqual([]);
  });

  test.each(['hostNetwork', 'hostPID', 'hostIPC'])('host namespaces: fails for %s', (field) => {
    expect(violations((p) => (p.spec[field] = true))).toStrictEqual([[`spec.${field}`, 'true shares a namespace of the node (baseline: host namespaces); remove it']]);
    expect(violations((p) => (p.spec[field] = false))).toStrictEqual([]);
  });

  test('privileged containers: fails for privileged: true', () => {
    expect(violations((p) => (p.spec.containers[0].securityContext.privileged = true))).toStrictEqual([
      [`${SC}.privileged`, 'true disables container isolation (baseline: privileged containers); remove it'],
    ]);
  });

  test('capabilities: fails for any added capability but NET_BIND_SERVICE, even those baseline allows', () => {
    expect(violations((p) => (p.spec.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE', 'CHOWN', 'SYS_ADMIN']))).toStrictEqual([
      [`${SC}.capabilities.add[1]`, '"CHOWN" is added; only NET_BIND_SERVICE may be (restricted: capabilities)'],
      [`${SC}.capabilities.add[2]`, '"SYS_ADMIN" is added; only NET_BIND_SERVICE may be (restricted: capabilities)'],
    ]);
  });

  test('hostPath volumes: fails for a hostPath volume', () => {
    expect(violations((p) => (p.spec.volumes = [{ name: 'host', hostPath: { path: '/var/run' } }]))).toStrictEqual([
      ['spec.volumes[0].hostPath', 'mounts a directory of the node (baseline: hostPath volumes); use emptyDir, configMap, secret, projected or a PersistentVolumeClaim'],
    ]);
  });

  test('host ports: fails for a hostPort other than 0', () => {
    expect(violations((p) => (p.spec.containers[0].ports = [{ containerPort: 8080, hostPort: 0 }, { containerPort: 8443, hostPort: 8443 }]))).toStrictEqual([
      ['spec.containers[0].ports[1].hostPort', '8443 opens a port on the node (baseline: host ports); remove hostPort and expose the port through a Service'],
    ]);
  });

  test('host probes and lifecycle hooks: fails for a host in a probe or hook', () => {
    expect(
      violations((p) => {
        const c = p.spec.containers[0];
        c.readinessProbe = { httpGet: { path: '/', port: 80, host: '' } };
        c.livenessProbe = { httpGet: { path: '/', port: 80, host: '10.0.0.1' } };
        c.startupProbe = { tcpSocket: { port: 80, host: 'db.example' } };
        c.lifecycle = { preStop: { httpGet: { path: '/quit', port: 80, host: 'example.com' } }, postStart: { tcpSocket: { port: 80, host: '127.0.0.1' } } };
      }),
    ).toStrictEqual([
      ['spec.containers[0].livenessProbe.httpGet.host', '"10.0.0.1" points the check at another host (baseline: host probes and lifecycle hooks); remove host so it reaches the pod itself'],
      ['spec.containers[0].startupProbe.tcpSocket.host', '"db.example" points the check at another host (baseline: host probes and lifecycle hooks); remove host so it reaches the pod itself'],
      ['spec.containers[0].lifecycle.postStart.tcpSocket.host', '"127.0.0.1" points the check at another host (baseline: host probes and lifecycle hooks); remove host so it reaches the pod itself'],
      ['spec.containers[0].lifecycle.preStop.httpGet.host', '"example.com" points the check at another host (baseline: host probes and lifecycle hooks); remove host so it reaches the pod itself'],
    ]);
  });

  test('AppArmor: fails for an Unconfined profile field or annotation', () => {
    expect(
      violations((p) => {
        p.metadata.annotations = {
          'container.apparmor.security.beta.kubernetes.io/app': 'unconfined',
          'container.apparmor.security.beta.kubernetes.io/other': 'localhost/custom',
        };
        p.spec.securityContext.appArmorProfile = { type: 'Unconfined' };
        p.spec.containers[0].securityContext.appArmorProfile = { type: 'Unconfined' };
      }),
    ).toStrictEqual([
      ['spec.securityContext.appArmorProfile.type', '"Unconfined" is not allowed (baseline: AppArmor); use RuntimeDefault or Localhost, or leave it unset'],
      ['metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]', '"unconfined" is not allowed (baseline: AppArmor); use runtime/default or localhost/<profile>'],
      [`${SC}.appArmorProfile.type`, '"Unconfined" is not allowed (baseline: AppArmor); use RuntimeDefault or Localhost, or leave it unset'],
    ]);
    expect(violations((p) => (p.spec.securityContext.appArmorProfile = { type: 'Localhost', localhostProfile: 'p' }))).toStrictEqual([]);
  });

  test('SELinux: fails for a type outside the container types, or any user or role', () => {
    expect(
      violations((p) => {
        p.spec.securityContext.seLinuxOptions = { type: 'spc_t', level: 's0:c123,c456' };
        p.spec.containers[0].securityContext.seLinuxOptions = { type: 'container_t', user: 'system_u', role: 'system_r' };
      }),
    ).toStrictEqual([
      ['spec.securityContext.seLinuxOptions.type', '"spc_t" is not allowed (baseline: SELinux); use container_t, container_init_t, container_kvm_t, container_engine_t, or leave it unset'],
      [`${SC}.seLinuxOptions.user`, '"system_u" must not be set (baseline: SELinux); remove it'],
      [`${SC}.seLinuxOptions.role`, '"system_r" must not be set (baseline: SELinux); remove it'],
    ]);
  });

  test('/proc mount type: fails for anything but Default', () => {
    expect(violations((p) => (p.spec.containers[0].securityContext.procMount = 'Unmasked'))).toStrictEqual([
      [`${SC}.procMount`, '"Unmasked" unmasks /proc (baseline: /proc mount type); use Default or leave it unset'],
    ]);
    expect(violations((p) => (p.spec.containers[0].securityContext.procMount = 'Default'))).toStrictEqual([]);
  });

  test('sysctls: fails for a sysctl outside the safe set', () => {
    expect(
      violations(
        (p) =>
          (p.spec.securityContext.sysctls = [
            { name: 'net.ipv4.ip_unprivileged_port_start', value: '0' },
            { name: 'kernel.msgmax', value: '65536' },
          ]),
      ),
    ).toStrictEqual([
      [
        'spec.securityContext.sysctls[1].name',
        '"kernel.msgmax" is not a safe sysctl (baseline: sysctls); the safe ones are kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, ' +
          'net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports, ' +
          'net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes',
      ],
    ]);
  });
});

describe('pod security checker: the restricted profile', () => {
  test('volume types: fails for a volume type outside the restricted list', () => {
    expect(
      violations(
        (p) =>
          (p.spec.volumes = [
            { name: 'a', emptyDir: {} },
            { name: 'b', projected: { sources: [] } },
            { name: 'c', nfs: { server: 'nfs.example', path: '/' } },
            { name: 'd' },
          ]),
      ),
    ).toStrictEqual([
      ['spec.volumes[2]', 'uses the volume type "nfs" (restricted: volume types); allowed are configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret'],
    ]);
  });

  test('privilege escalation: fails unless allowPrivilegeEscalation is false', () => {
    expect(violations((p) => delete p.spec.containers[0].securityContext.allowPrivilegeEscalation)).toStrictEqual([
      [`${SC}.allowPrivilegeEscalation`, 'is not set, which allows it: it must be false (restricted: privilege escalation)'],
    ]);
    expect(violations((p) => (p.spec.containers[0].securityContext.allowPrivilegeEscalation = true))).toStrictEqual([
      [`${SC}.allowPrivilegeEscalation`, 'true: it must be false (restricted: privilege escalation)'],
    ]);
  });

  test('running as non-root: fails for false anywhere, or when neither pod nor container sets true', () => {
    expect(
      violations((p) => {
        p.spec.securityContext.runAsNonRoot = false;
        p.spec.containers[0].securityContext.runAsNonRoot = false;
      }),
    ).toStrictEqual([
      ['spec.securityContext.runAsNonRoot', 'false lets containers run as root (restricted: running as non-root); set true'],
      [`${SC}.runAsNonRoot`, 'false lets the container run as root (restricted: running as non-root); set true'],
    ]);
    expect(violations((p) => delete p.spec.securityContext.runAsNonRoot)).toStrictEqual([
      [`${SC}.runAsNonRoot`, 'is not set, nor is spec.securityContext.runAsNonRoot (restricted: running as non-root); set runAsNonRoot: true on the pod'],
    ]);
    expect(
      violations((p) => {
        delete p.spec.securityContext.runAsNonRoot;
        p.spec.containers[0].securityContext.runAsNonRoot = true;
      }),
    ).toStrictEqual([]);
  });

  test('running as non-root user: fails for runAsUser 0 at pod or container level', () => {
    expect(
      violations((p) => {
        p.spec.securityContext.runAsUser = 0;
        p.spec.containers[0].securityContext.runAsUser = 0;
      }),
    ).toStrictEqual([
      ['spec.securityContext.runAsUser', '0 runs containers as root (restricted: running as non-root user); use a non-zero uid'],
      [`${SC}.runAsUser`, '0 runs the container as root (restricted: running as non-root user); use a non-zero uid'],
    ]);
  });

  test('seccomp: fails for Unconfined anywhere, or when neither pod nor container sets a profile', () => {
    expect(
      violations((p) => {
        p.spec.securityContext.seccompProfile = { type: 'Unconfined' };
        p.spec.containers[0].securityContext.seccompProfile = { type: 'Unconfined' };
      }),
    ).toStrictEqual([
      ['spec.securityContext.seccompProfile.type', '"Unconfined" is not allowed (restricted: seccomp); use RuntimeDefault or Localhost'],
      [`${SC}.seccompProfile.type`, '"Unconfined" is not allowed (restricted: seccomp); use RuntimeDefault or Localhost'],
    ]);
    expect(violations((p) => delete p.spec.securityContext.seccompProfile)).toStrictEqual([
      [`${SC}.seccompProfile.type`, 'is not set, nor is spec.securityContext.seccompProfile.type (restricted: seccomp); set RuntimeDefault on the pod'],
    ]);
    expect(
      violations((p) => {
        delete p.spec.securityContext.seccompProfile;
        p.spec.containers[0].securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/app.json' };
      }),
    ).toStrictEqual([]);
  });

  test('capabilities: fails unless ALL are dropped', () => {
    expect(violations((p) => (p.spec.containers[0].securityContext.capabilities = { drop: ['NET_RAW'] }))).toStrictEqual([
      [`${SC}.capabilities.drop`, '["NET_RAW"]: it must include "ALL" (restricted: capabilities)'],
    ]);
    expect(violations((p) => delete p.spec.containers[0].securityContext.capabilities)).toStrictEqual([
      [`${SC}.capabilities.drop`, 'is not set: it must include "ALL" (restricted: capabilities)'],
    ]);
  });
});

describe('pod security checker: our own rules', () => {
  test('resources: fails for each missing CPU or memory request or limit', () => {
    expect(
      violations((p) => {
        p.spec.containers[0].resources = { requests: { cpu: '10m' } };
        p.spec.initContainers = [{ ...container('init'), resources: undefined }];
      }),
    ).toStrictEqual([
      ['spec.containers[0].resources.requests.memory', 'is not set; every container declares CPU and memory requests and limits'],
      ['spec.containers[0].resources.limits.cpu', 'is not set; every container declares CPU and memory requests and limits'],
      ['spec.containers[0].resources.limits.memory', 'is not set; every container declares CPU and memory requests and limits'],
      ['spec.initContainers[0].resources.requests.cpu', 'is not set; every container declares CPU and memory requests and limits'],
      ['spec.initContainers[0].resources.requests.memory', 'is not set; every container declares CPU and memory requests and limits'],
      ['spec.initContainers[0].resources.limits.cpu', 'is not set; every container declares CPU and memory requests and limits'],
      ['spec.initContainers[0].resources.limits.memory', 'is not set; every container declares CPU and memory requests and limits'],
    ]);
  });

  test('read-only root filesystem: fails unless true or the container is allow-listed for this object', () => {
    const writable = (p: any) => (p.spec.containers[0].securityContext.readOnlyRootFilesystem = false);
    const failure = [[`${SC}.readOnlyRootFilesystem`, 'false: it must be true (mount an emptyDir where the program writes), or the container must be allow-listed with a reason']];
    expect(violations(writable)).toStrictEqual(failure);
    expect(violations(writable, { writableRootFilesystem: [{ object: 'Pod/ns/p', container: 'app', reason: 'the image unpacks plugins at start' }] })).toStrictEqual([]);
    expect(violations(writable, { writableRootFilesystem: [{ object: 'Pod/other/p', container: 'app', reason: 'another pod' }] })).toStrictEqual(failure);
    expect(violations(writable, { writableRootFilesystem: [{ object: 'Pod/ns/p', container: 'sidecar', reason: 'another container' }] })).toStrictEqual(failure);
  });
});
