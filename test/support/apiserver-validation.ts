// What the Kubernetes API server refuses in the built-in objects the library writes beyond their
// OpenAPI schema: the Go validation of Kubernetes 1.28 (pkg/apis/core/validation ValidatePodSpec,
// validateContainers, validateContainerPorts, validateProbe, ValidateResourceRequirements,
// ValidateService, ValidateSecret, ValidateConfigMap; pkg/apis/apps/validation
// ValidateDeploymentSpec; pkg/apis/networking/validation ValidateIngress*, ValidateNetworkPolicy;
// pkg/apis/policy/validation ValidatePodDisruptionBudgetSpec; pkg/apis/autoscaling/validation
// ValidateHorizontalPodAutoscalerSpec; pkg/apis/rbac/validation). The OpenAPI document says the
// types of these fields; these rules (a selector matching its template, unique port names, one
// probe handler, requests within limits, absolute Ingress paths...) are only in Go. Only the
// fields the library writes; each message names the field as the API server does.
type Json = Record<string, any>;

interface Violation {
  readonly path: string;
  readonly message: string;
}

type Fail = (path: string, message: string) => void;

/** The validation of each kind, by `apiVersion/kind`. */
const VALIDATIONS: Readonly<Record<string, (manifest: Json, fail: Fail) => void>> = {
  'apps/v1/Deployment': (m, fail) => validateDeployment(m.spec ?? {}, fail),
  'v1/Service': (m, fail) => validateService(m.spec ?? {}, fail),
  'v1/Secret': validateSecret,
  'v1/ConfigMap': validateConfigMap,
  'networking.k8s.io/v1/Ingress': (m, fail) => validateIngress(m.spec ?? {}, fail),
  'networking.k8s.io/v1/NetworkPolicy': (m, fail) => validateNetworkPolicy(m.spec ?? {}, fail),
  'policy/v1/PodDisruptionBudget': (m, fail) => validateDisruptionBudget(m.spec ?? {}, fail),
  'autoscaling/v2/HorizontalPodAutoscaler': (m, fail) => validateHpa(m.spec ?? {}, fail),
  'rbac.authorization.k8s.io/v1/Role': validateRole,
  'rbac.authorization.k8s.io/v1/ClusterRole': validateRole,
  'rbac.authorization.k8s.io/v1/RoleBinding': validateRoleBinding,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': validateRoleBinding,
};

/** Why the API server would refuse the object beyond its schema; empty when it accepts it (or its kind is not one of these). */
export function apiServerRefusals(manifest: Json): Violation[] {
  const out: Violation[] = [];
  VALIDATIONS[`${manifest.apiVersion}/${manifest.kind}`]?.(manifest, (path, message) => out.push({ path, message }));
  return out;
}

// --- names and numbers (k8s.io/apimachinery/pkg/util/validation) ---------------------------------

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const isDns1123Label = (v: unknown) => typeof v === 'string' && v.length <= 63 && DNS1123_LABEL.test(v);
const isDns1035Label = (v: unknown) => typeof v === 'string' && v.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(v);

/** IsValidPortName (IANA_SVC_NAME). */
function portNameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > 15) return 'must be no more than 15 characters';
  if (!/^[-a-z0-9]+$/.test(name)) return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
  if (!/[a-z]/.test(name)) return 'must contain at least one letter (a-z)';
  if (name.includes('--')) return 'must not contain consecutive hyphens';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not begin or end with a hyphen';
  return undefined;
}

const isPort = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;

/** A port given by number or IANA name (validatePortNumOrName). */
function portNumOrName(value: unknown, path: string, fail: Fail): void {
  if (typeof value === 'number') {
    if (!isPort(value)) fail(path, `Invalid value: ${value}: must be between 1 and 65535, inclusive`);
  } else if (typeof value === 'string') {
    const problem = portNameProblem(value);
    if (problem) fail(path, `Invalid value: "${value}": ${problem}`);
  } else fail(path, 'Invalid value: must be a port number or name');
}

function intOrPercent(value: unknown, path: string, fail: Fail): void {
  if (typeof value === 'number') {
    if (value < 0) fail(path, `Invalid value: ${value}: must be greater than or equal to 0`);
  } else if (typeof value === 'string') {
    const m = /^(\d+)%$/.exec(value);
    if (!m) fail(path, `Invalid value: "${value}": a valid percent string must be a numeric string followed by an ending '%'`);
    else if (Number(m[1]) > 100) fail(path, `Invalid value: "${value}": must not be greater than 100%`);
  }
}

/** A resource quantity in base units (cores, bytes): enough to compare requests with limits. */
function quantity(value: unknown): number | undefined {
  const m = /^([+-]?\d+(?:\.\d+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(String(value));
  if (!m) return undefined;
  const factor: Record<string, number> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
  return Number(m[1]) * (m[2] ? factor[m[2]] : 1);
}

// --- pods -----------------------------------------------------------------------------------------

function validatePodSpec(pod: Json, path: string, fail: Fail): void {
  const volumes = new Set<string>();
  (pod.volumes ?? []).forEach((v: Json, i: number) => {
    if (volumes.has(v.name)) fail(`${path}.volumes[${i}].name`, `Duplicate value: "${v.name}"`);
    volumes.add(v.name);
  });
  const containers: Json[] = pod.containers ?? [];
  if (containers.length === 0) fail(`${path}.containers`, 'Required value');
  const names = new Set<string>();
  const portNames = new Set<string>();
  const all = [...containers.map((c, i) => [c, `${path}.containers[${i}]`] as const), ...(pod.initContainers ?? []).map((c: Json, i: number) => [c, `${path}.initContainers[${i}]`] as const)];
  for (const [c, at] of all) {
    if (!isDns1123Label(c.name)) fail(`${at}.name`, `Invalid value: ${JSON.stringify(c.name)}: a lowercase RFC 1123 label is required`);
    if (names.has(c.name)) fail(`${at}.name`, `Duplicate value: "${c.name}"`);
    names.add(c.name);
    (c.ports ?? []).forEach((p: Json, j: number) => {
      if (!isPort(p.containerPort)) fail(`${at}.ports[${j}].containerPort`, `Invalid value: ${p.containerPort}: must be between 1 and 65535, inclusive`);
      if (p.name !== undefined) {
        const problem = portNameProblem(p.name);
        if (problem) fail(`${at}.ports[${j}].name`, `Invalid value: "${p.name}": ${problem}`);
        if (portNames.has(p.name)) fail(`${at}.ports[${j}].name`, `Duplicate value: "${p.name}"`);
        portNames.add(p.name);
      }
    });
    (c.env ?? []).forEach((e: Json, j: number) => {
      if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(String(e.name))) fail(`${at}.env[${j}].name`, `Invalid value: "${e.name}": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit`);
    });
    (c.volumeMounts ?? []).forEach((m: Json, j: number) => {
      if (!volumes.has(m.name)) fail(`${at}.volumeMounts[${j}].name`, `Not found: "${m.name}"`);
      if (!m.mountPath) fail(`${at}.volumeMounts[${j}].mountPath`, 'Required value');
    });
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      if (c[probe] !== undefined) validateProbe(c[probe], `${at}.${probe}`, probe !== 'readinessProbe', fail);
    }
    const requests: Json = c.resources?.requests ?? {};
    const limits: Json = c.resources?.limits ?? {};
    for (const [name, request] of Object.entries(requests)) {
      if (limits[name] === undefined) continue;
      const [r, l] = [quantity(request), quantity(limits[name])];
      if (r !== undefined && l !== undefined && r > l) fail(`${at}.resources.requests`, `Invalid value: "${request}": must be less than or equal to ${name} limit of ${limits[name]}`);
    }
  }
  if (pod.restartPolicy !== undefined && !['Always', 'OnFailure', 'Never'].includes(pod.restartPolicy)) fail(`${path}.restartPolicy`, `Unsupported value: "${pod.restartPolicy}"`);
}

function validateProbe(probe: Json, path: string, successMustBeOne: boolean, fail: Fail): void {
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => probe[h] !== undefined);
  if (handlers.length === 0) fail(path, 'Required value: must specify a handler type');
  if (handlers.length > 1) fail(path, 'Forbidden: may not specify more than 1 handler type');
  if (probe.httpGet !== undefined) portNumOrName(probe.httpGet.port, `${path}.httpGet.port`, fail);
  if (probe.tcpSocket !== undefined) portNumOrName(probe.tcpSocket.port, `${path}.tcpSocket.port`, fail);
  if (successMustBeOne && probe.successThreshold !== undefined && probe.successThreshold !== 1) fail(`${path}.successThreshold`, `Invalid value: ${probe.successThreshold}: must be 1`);
  for (const key of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    if (probe[key] !== undefined && probe[key] < 0) fail(`${path}.${key}`, `Invalid value: ${probe[key]}: must be greater than or equal to 0`);
  }
}

function selectorMatches(selector: Json, labels: Json): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const value = labels[e.key];
    if (e.operator === 'In' && !(has && e.values.includes(value))) return false;
    if (e.operator === 'NotIn' && has && e.values.includes(value)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function validateDeployment(spec: Json, fail: Fail): void {
  if (spec.replicas !== undefined && spec.replicas < 0) fail('spec.replicas', `Invalid value: ${spec.replicas}: must be greater than or equal to 0`);
  const selector: Json | undefined = spec.selector;
  if (selector === undefined) fail('spec.selector', 'Required value');
  else if (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0) fail('spec.selector', 'Invalid value: empty selector is invalid for deployment');
  else if (!selectorMatches(selector, spec.template?.metadata?.labels ?? {})) fail('spec.template.metadata.labels', 'Invalid value: `selector` does not match template `labels`');
  const restart = spec.template?.spec?.restartPolicy;
  if (restart !== undefined && restart !== 'Always') fail('spec.template.spec.restartPolicy', `Unsupported value: "${restart}": supported values: "Always"`);
  const rolling: Json | undefined = spec.strategy?.rollingUpdate;
  if (rolling !== undefined) {
    for (const key of ['maxUnavailable', 'maxSurge']) if (rolling[key] !== undefined) intOrPercent(rolling[key], `spec.strategy.rollingUpdate.${key}`, fail);
    const zero = (v: unknown) => v === 0 || v === '0%';
    if (zero(rolling.maxUnavailable ?? '25%') && zero(rolling.maxSurge ?? '25%')) fail('spec.strategy.rollingUpdate.maxUnavailable', 'Invalid value: may not be 0 when `maxSurge` is 0');
  }
  if (spec.revisionHistoryLimit !== undefined && spec.revisionHistoryLimit < 0) fail('spec.revisionHistoryLimit', 'Invalid value: must be greater than or equal to 0');
  validatePodSpec(spec.template?.spec ?? {}, 'spec.template.spec', fail);
}

// --- services -------------------------------------------------------------------------------------

function validateService(spec: Json, fail: Fail): void {
  const type = spec.type ?? 'ClusterIP';
  const ports: Json[] = spec.ports ?? [];
  if (type !== 'ExternalName' && spec.clusterIP !== 'None' && ports.length === 0) fail('spec.ports', 'Required value');
  const names = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((p, i) => {
    const at = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) fail(`${at}.name`, 'Required value');
    if (p.name) {
      if (!isDns1123Label(p.name)) fail(`${at}.name`, `Invalid value: "${p.name}": a lowercase RFC 1123 label is required`);
      if (names.has(p.name)) fail(`${at}.name`, `Duplicate value: "${p.name}"`);
      names.add(p.name);
    }
    if (!isPort(p.port)) fail(`${at}.port`, `Invalid value: ${p.port}: must be between 1 and 65535, inclusive`);
    if (p.targetPort !== undefined) portNumOrName(p.targetPort, `${at}.targetPort`, fail);
    if (p.nodePort !== undefined && type === 'ClusterIP') fail(`${at}.nodePort`, 'Forbidden: may not be used when `type` is \'ClusterIP\'');
    const key = `${p.port}/${p.protocol ?? 'TCP'}`;
    if (keys.has(key)) fail(`${at}`, `Duplicate value: ${key}`);
    keys.add(key);
  });
  if (type === 'ExternalName' && !spec.externalName) fail('spec.externalName', 'Required value');
}

// --- secrets and config maps ----------------------------------------------------------------------

function validateDataKeys(data: Json | undefined, field: string, fail: Fail): void {
  for (const key of Object.keys(data ?? {})) {
    if (!/^[-._a-zA-Z0-9]+$/.test(key) || key.length > 253) fail(`${field}[${key}]`, `Invalid value: "${key}": a valid config key must consist of alphanumeric characters, '-', '_' or '.'`);
  }
}

function validateConfigMap(configMap: Json, fail: Fail): void {
  validateDataKeys(configMap.data, 'data', fail);
  validateDataKeys(configMap.binaryData, 'binaryData', fail);
  for (const key of Object.keys(configMap.data ?? {})) if (key in (configMap.binaryData ?? {})) fail(`data[${key}]`, 'Invalid value: duplicate of key present in binaryData');
}

function validateSecret(secret: Json, fail: Fail): void {
  // The API server merges stringData into data before validating.
  const data = { ...(secret.data ?? {}), ...(secret.stringData ?? {}) };
  validateDataKeys(data, 'data', fail);
  if (secret.type === 'kubernetes.io/tls') {
    for (const key of ['tls.crt', 'tls.key']) if (!(key in data)) fail(`data[${key}]`, 'Required value');
  }
  if (secret.type === 'kubernetes.io/service-account-token' && !secret.metadata?.annotations?.['kubernetes.io/service-account.name']) {
    fail('metadata.annotations[kubernetes.io/service-account.name]', 'Required value');
  }
}

// --- networking -----------------------------------------------------------------------------------

const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

function validateIngress(spec: Json, fail: Fail): void {
  if ((spec.rules ?? []).length === 0 && spec.defaultBackend === undefined) fail('spec', 'Invalid value: either `defaultBackend` or `rules` must be specified');
  if (spec.defaultBackend !== undefined) validateIngressBackend(spec.defaultBackend, 'spec.defaultBackend', fail);
  (spec.rules ?? []).forEach((rule: Json, i: number) => {
    if (rule.host !== undefined && /^\d{1,3}(\.\d{1,3}){3}$/.test(rule.host)) fail(`spec.rules[${i}].host`, `Invalid value: "${rule.host}": must be a DNS name, not an IP address`);
    (rule.http?.paths ?? []).forEach((p: Json, j: number) => {
      const at = `spec.rules[${i}].http.paths[${j}]`;
      if (p.pathType === undefined) fail(`${at}.pathType`, 'Required value: pathType must be specified');
      else if (!['Exact', 'Prefix', 'ImplementationSpecific'].includes(p.pathType)) fail(`${at}.pathType`, `Unsupported value: "${p.pathType}"`);
      if (p.pathType === 'Exact' || p.pathType === 'Prefix') {
        const path = String(p.path ?? '');
        if (!path.startsWith('/')) fail(`${at}.path`, `Invalid value: "${path}": must be an absolute path`);
        for (const seq of INVALID_PATH_SEQUENCES) if (path.includes(seq)) fail(`${at}.path`, `Invalid value: "${path}": must not contain '${seq}'`);
        for (const suffix of INVALID_PATH_SUFFIXES) if (path.endsWith(suffix)) fail(`${at}.path`, `Invalid value: "${path}": cannot end with '${suffix}'`);
      }
      validateIngressBackend(p.backend ?? {}, `${at}.backend`, fail);
    });
  });
}

function validateIngressBackend(backend: Json, path: string, fail: Fail): void {
  const service: Json | undefined = backend.service;
  if ((service === undefined) === (backend.resource === undefined)) fail(path, 'Invalid value: cannot set both service and resource, and one of them is required');
  if (service === undefined) return;
  if (!isDns1035Label(service.name)) fail(`${path}.service.name`, `Invalid value: ${JSON.stringify(service.name)}: a DNS-1035 label is required`);
  const port: Json = service.port ?? {};
  if ((port.name !== undefined) === (port.number !== undefined)) fail(`${path}.service.port`, 'Invalid value: cannot set both port name & port number, and one of them is required');
  if (port.number !== undefined && !isPort(port.number)) fail(`${path}.service.port.number`, `Invalid value: ${port.number}: must be between 1 and 65535, inclusive`);
  if (port.name !== undefined) {
    const problem = portNameProblem(port.name);
    if (problem) fail(`${path}.service.port.name`, `Invalid value: "${port.name}": ${problem}`);
  }
}

function validateNetworkPolicy(spec: Json, fail: Fail): void {
  for (const direction of ['ingress', 'egress'] as const) {
    (spec[direction] ?? []).forEach((rule: Json, i: number) => {
      (rule.ports ?? []).forEach((p: Json, j: number) => {
        const at = `spec.${direction}[${i}].ports[${j}]`;
        if (p.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) fail(`${at}.protocol`, `Unsupported value: "${p.protocol}"`);
        if (p.port !== undefined) portNumOrName(p.port, `${at}.port`, fail);
        if (p.endPort !== undefined) {
          if (typeof p.port !== 'number') fail(`${at}.endPort`, 'Required value: may not be specified when `port` is not a number');
          else if (p.endPort < p.port) fail(`${at}.endPort`, `Invalid value: ${p.endPort}: must be greater than or equal to \`port\``);
        }
      });
      for (const peer of [...(rule.from ?? []), ...(rule.to ?? [])]) {
        if (peer.ipBlock !== undefined && !/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(String(peer.ipBlock.cidr))) fail(`spec.${direction}[${i}].ipBlock.cidr`, `Invalid value: "${peer.ipBlock.cidr}": must be a valid CIDR`);
      }
    });
  }
}

// --- policy, autoscaling and RBAC -----------------------------------------------------------------

function validateDisruptionBudget(spec: Json, fail: Fail): void {
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) fail('spec', 'Invalid value: minAvailable and maxUnavailable cannot be both set');
  for (const key of ['minAvailable', 'maxUnavailable']) if (spec[key] !== undefined) intOrPercent(spec[key], `spec.${key}`, fail);
}

function validateRole(role: Json, fail: Fail): void {
  (role.rules ?? []).forEach((rule: Json, i: number) => {
    const nonResource = (rule.nonResourceURLs ?? []).length > 0;
    if ((rule.verbs ?? []).length === 0) fail(`rules[${i}].verbs`, 'Required value: verbs must contain at least one value');
    if (role.kind === 'Role' && nonResource) fail(`rules[${i}].nonResourceURLs`, 'Invalid value: namespaced rules cannot apply to non-resource URLs');
    if (role.kind === 'ClusterRole' && nonResource) return;
    if ((rule.apiGroups ?? []).length === 0) fail(`rules[${i}].apiGroups`, 'Required value: resource rules must supply at least one api group');
    if ((rule.resources ?? []).length === 0) fail(`rules[${i}].resources`, 'Required value: resource rules must supply at least one resource');
  });
}

function validateRoleBinding(binding: Json, fail: Fail): void {
  const ref: Json = binding.roleRef ?? {};
  const kinds = binding.kind === 'RoleBinding' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) fail('roleRef.kind', `Unsupported value: ${JSON.stringify(ref.kind)}: supported values: ${kinds.map((k) => `"${k}"`).join(', ')}`);
  if (ref.apiGroup !== 'rbac.authorization.k8s.io') fail('roleRef.apiGroup', `Unsupported value: ${JSON.stringify(ref.apiGroup)}: supported values: "rbac.authorization.k8s.io"`);
  if (!ref.name) fail('roleRef.name', 'Required value');
  (binding.subjects ?? []).forEach((subject: Json, i: number) => {
    if (subject.kind === 'ServiceAccount' && binding.kind === 'ClusterRoleBinding' && !subject.namespace) fail(`subjects[${i}].namespace`, 'Required value');
  });
}

function validateHpa(spec: Json, fail: Fail): void {
  const min = spec.minReplicas ?? 1;
  if (min < 1) fail('spec.minReplicas', `Invalid value: ${min}: must be greater than or equal to 1`);
  if (!(spec.maxReplicas >= 1)) fail('spec.maxReplicas', `Invalid value: ${spec.maxReplicas}: must be greater than 0`);
  else if (spec.maxReplicas < min) fail('spec.maxReplicas', `Invalid value: ${spec.maxReplicas}: must be greater than or equal to \`minReplicas\``);
  const target: Json = spec.scaleTargetRef ?? {};
  if (!target.kind) fail('spec.scaleTargetRef.kind', 'Required value');
  if (!target.name) fail('spec.scaleTargetRef.name', 'Required value');
  (spec.metrics ?? []).forEach((m: Json, i: number) => {
    const at = `spec.metrics[${i}]`;
    if (m.type === 'Resource') {
      if (!m.resource?.name) fail(`${at}.resource.name`, 'Required value: must specify a resource name');
      const t: Json = m.resource?.target ?? {};
      if (t.type === 'Utilization' && !(t.averageUtilization > 0)) fail(`${at}.resource.target.averageUtilization`, 'Required value: must set averageUtilization greater than 0 when the type is Utilization');
    }
  });
}
