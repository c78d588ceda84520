import { assertValidManifests, validateAgainstCrdSchema, validateManifest, type SchemaViolation } from './support/schema-validator';
import { vendoredCrdKinds } from './support/vendored-schemas';

/** Violations as `path: message` lines, the form assertions compare. */
function problems(obj: unknown, options?: Parameters<typeof validateManifest>[1]): string[] {
  return lines(validateManifest(obj, options));
}

function lines(violations: readonly SchemaViolation[]): string[] {
  return violations.map((v) => (v.path === '' ? v.message : `${v.path}: ${v.message}`));
}

const meta = (name: string) => ({ name, namespace: 'httpbin' });

const deployment = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { ...meta('httpbin'), labels: { 'app.kubernetes.io/name': 'httpbin' }, annotations: { 'example.com/owner': 'team-a' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { 'app.kubernetes.io/name': 'httpbin' } },
    template: {
      metadata: { labels: { 'app.kubernetes.io/name': 'httpbin', version: 'v1' } },
      spec: {
        serviceAccountName: 'httpbin',
        containers: [{
          name: 'httpbin',
          image: 'docker.io/kong/httpbin:0.1.0',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          env: [{ name: 'GUNICORN_CMD_ARGS', value: '--workers 2' }],
          readinessProbe: { httpGet: { path: '/status/200', port: 'http' }, periodSeconds: 5 },
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: 1, memory: '128Mi' } },
        }],
      },
    },
  },
});

const service = () => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta('httpbin'),
  spec: {
    type: 'ClusterIP',
    selector: { 'app.kubernetes.io/name': 'httpbin' },
    ports: [{ name: 'http', port: 8000, targetPort: 8080, appProtocol: 'http' }, { name: 'admin', port: 9000, targetPort: 'http' }],
  },
});

const gateway = () => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: meta('httpbin-gateway'),
  spec: {
    gatewayClassName: 'istio',
    listeners: [
      { name: 'http', hostname: 'httpbin.example.com', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } },
      {
        name: 'https',
        hostname: 'httpbin.example.com',
        port: 443,
        protocol: 'HTTPS',
        tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'httpbin-credential' }] },
      },
    ],
  },
});

const httpRoute = () => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: meta('httpbin'),
  spec: {
    parentRefs: [{ name: 'httpbin-gateway', sectionName: 'http' }],
    hostnames: ['httpbin.example.com'],
    rules: [{
      matches: [{ path: { type: 'PathPrefix', value: '/status' } }, { path: { type: 'PathPrefix', value: '/delay' } }],
      backendRefs: [{ name: 'httpbin', port: 8000 }],
      timeouts: { request: '4s' },
    }],
  },
});

const virtualService = () => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: meta('httpbin'),
  spec: {
    hosts: ['httpbin.example.com'],
    gateways: ['httpbin-gateway'],
    http: [{
      match: [{ uri: { prefix: '/status' } }, { uri: { prefix: '/delay' } }],
      route: [{ destination: { host: 'httpbin', port: { number: 8000 } } }],
      timeout: '4s',
    }],
  },
});

const validObjects: Record<string, object> = {
  Deployment: deployment(),
  Service: service(),
  Namespace: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'httpbin', labels: { 'istio-injection': 'enabled' } } },
  Role: {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: meta('secret-reader'),
    rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
  },
  RoleBinding: {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: meta('secret-reader'),
    subjects: [{ kind: 'ServiceAccount', name: 'httpbin', namespace: 'httpbin' }],
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'secret-reader' },
  },
  HorizontalPodAutoscaler: {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta('httpbin'),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'httpbin' },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } },
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
    },
  },
  PodDisruptionBudget: {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta('httpbin'),
    spec: { minAvailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'httpbin' } } },
  },
  Secret: {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta('httpbin-credential'),
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': Buffer.from('certificate').toString('base64'), 'tls.key': Buffer.from('key').toString('base64') },
  },
  Ingress: {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { ...meta('httpbin'), annotations: { 'kubernetes.io/ingress.class': 'istio' } },
    spec: {
      ingressClassName: 'istio',
      tls: [{ hosts: ['httpbin.example.com'], secretName: 'httpbin-credential' }],
      rules: [{
        host: 'httpbin.example.com',
        http: { paths: [{ path: '/status', pathType: 'Prefix', backend: { service: { name: 'httpbin', port: { number: 8000 } } } }] },
      }],
    },
  },
  IngressClass: {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name: 'istio' },
    spec: { controller: 'istio.io/ingress-controller' },
  },
  NetworkPolicy: {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta('httpbin'),
    spec: {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'httpbin' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['istio-system'] }] } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }],
    },
  },
  'Istio Gateway': {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: meta('httpbin-gateway'),
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: [
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['httpbin.example.com'] },
        { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['httpbin.example.com'], tls: { mode: 'SIMPLE', credentialName: 'httpbin-credential' } },
      ],
    },
  },
  VirtualService: virtualService(),
  'Gateway API Gateway': gateway(),
  HTTPRoute: httpRoute(),
  TLSRoute: {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'TLSRoute',
    metadata: meta('httpbin-tls'),
    spec: {
      parentRefs: [{ name: 'httpbin-gateway', sectionName: 'tls' }],
      hostnames: ['httpbin.example.com'],
      rules: [{ backendRefs: [{ name: 'httpbin', port: 8443 }] }],
    },
  },
  ReferenceGrant: {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'ReferenceGrant',
    metadata: meta('allow-gateways'),
    spec: {
      from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'istio-ingress' }],
      to: [{ group: '', kind: 'Secret', name: 'httpbin-credential' }],
    },
  },
  Certificate: {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: meta('httpbin'),
    spec: {
      secretName: 'httpbin-credential',
      dnsNames: ['httpbin.example.com'],
      duration: '2160h',
      privateKey: { algorithm: 'ECDSA', size: 256 },
      issuerRef: { name: 'letsencrypt', kind: 'Issuer', group: 'cert-manager.io' },
    },
  },
  Issuer: {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Issuer',
    metadata: meta('letsencrypt'),
    spec: {
      acme: {
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        email: 'ops@example.com',
        privateKeySecretRef: { name: 'letsencrypt-account' },
        solvers: [{ http01: { gatewayHTTPRoute: { parentRefs: [{ name: 'httpbin-gateway', namespace: 'httpbin', kind: 'Gateway' }] } } }],
      },
    },
  },
};

describe('valid manifests', () => {
  test.each(Object.entries(validObjects))('%s passes', (_, obj) => {
    expect(problems(obj)).toStrictEqual([]);
  });

  test('does not modify the object it validates (defaults apply to a copy)', () => {
    // GIVEN an HTTPRoute whose backendRef omits defaulted fields (group, kind, weight)
    const route = httpRoute();
    const before = JSON.stringify(route);
    // WHEN
    validateManifest(route);
    // THEN
    expect(JSON.stringify(route)).toBe(before);
  });
});

describe('unknown fields', () => {
  test('fails on an unknown field at the top level', () => {
    expect(problems({ ...deployment(), status2: {} })).toStrictEqual(['status2: unknown field']);
  });

  test('fails on an unknown field in spec', () => {
    const obj = deployment();
    Object.assign(obj.spec, { replica: 3 });
    expect(problems(obj)).toStrictEqual(['spec.replica: unknown field']);
  });

  test('fails on an unknown field deep inside a pod template container', () => {
    const obj = deployment();
    Object.assign(obj.spec.template.spec.containers[0], { imagePullPolice: 'Always' });
    expect(problems(obj)).toStrictEqual(['spec.template.spec.containers[0].imagePullPolice: unknown field']);
  });

  test('fails on an unknown field in metadata', () => {
    const obj = { ...service(), metadata: { ...meta('httpbin'), label: { app: 'httpbin' } } };
    expect(problems(obj)).toStrictEqual(['metadata.label: unknown field']);
  });

  test('fails on an unknown field in the metadata of a custom resource', () => {
    const obj = { ...gateway(), metadata: { ...meta('gw'), owner: 'me' } };
    expect(problems(obj)).toStrictEqual(['metadata.owner: unknown field']);
  });

  test('fails on an unknown field in an Istio VirtualService http[].match[]', () => {
    const obj = virtualService();
    Object.assign(obj.spec.http[0].match[1], { path: '/delay' });
    expect(problems(obj)).toStrictEqual(['spec.http[0].match[1].path: unknown field']);
  });

  test('fails on an unknown field of a Gateway API object, and still evaluates its CEL rules', () => {
    const obj = httpRoute();
    Object.assign(obj.spec.rules[0].matches[0].path, { regex: true });
    obj.spec.rules[0].matches[0].path.value = 'status';
    expect(problems(obj)).toStrictEqual([
      'spec.rules[0].matches[0].path.regex: unknown field',
      "spec.rules[0].matches[0].path: value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
    ]);
  });

  test('accepts any field where the schema preserves unknown fields', () => {
    // GIVEN an Istio EnvoyFilter, whose patch value is a free-form protobuf Struct
    const filter = {
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'EnvoyFilter',
      metadata: meta('lua'),
      spec: { configPatches: [{ applyTo: 'HTTP_FILTER', patch: { operation: 'INSERT_BEFORE', value: { name: 'envoy.lua', anything: { goes: [1, 'two'] } } } }] },
    };
    expect(problems(filter)).toStrictEqual([]);
  });
});

describe('types, enums, required fields', () => {
  test('fails on a wrong type', () => {
    const obj = deployment();
    Object.assign(obj.spec, { replicas: '2' });
    expect(problems(obj)).toStrictEqual(['spec.replicas: invalid value "2": must be of type integer']);
  });

  test('fails on a value outside an enum', () => {
    const obj = deployment();
    obj.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
    expect(problems(obj)).toStrictEqual([
      'spec.template.spec.containers[0].imagePullPolicy: unsupported value "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    ]);
  });

  test('fails on a missing required field', () => {
    const obj = deployment();
    const { selector: _, ...spec } = obj.spec;
    expect(problems({ ...obj, spec })).toStrictEqual(['spec.selector: required value']);
  });

  test('fails on a missing required field of a custom resource, and skips its CEL rules as the API server does', () => {
    const obj = gateway();
    delete (obj.spec.listeners[1] as { port?: number }).port;
    expect(problems(obj)).toStrictEqual([
      'spec.listeners[1].port: required value',
      'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ]);
  });

  test('fails on duplicate keys of a built-in list-map (Service ports by port and protocol)', () => {
    const obj = service();
    obj.spec.ports[1].port = 8000;
    expect(problems(obj)).toStrictEqual(['spec.ports[1]: duplicate value: {"port":8000}']);
  });

  test('fails on an int32 field out of range', () => {
    const obj = service();
    obj.spec.ports[0].port = 2 ** 31;
    expect(problems(obj)).toStrictEqual([
      'spec.ports[0].port: invalid value 2147483648: must be a valid int32 (-2^31 to 2^31-1)',
    ]);
  });

  test('fails on Secret data that is not base64 (format byte)', () => {
    const secret = structuredClone(validObjects.Secret) as { data: Record<string, string> };
    secret.data['tls.key'] = 'not base64!';
    expect(problems(secret)).toStrictEqual(['data[tls.key]: invalid value "not base64!": must be a valid base64 string']);
  });

  test('treats null as absent, as Go decoding does', () => {
    const obj = deployment();
    Object.assign(obj.spec, { replicas: null, strategy: null });
    expect(problems(obj)).toStrictEqual([]);
  });

  test('explains an Istio oneOf between fields', () => {
    const obj = virtualService();
    Object.assign(obj.spec.http[0].match[0].uri, { exact: '/status' });
    expect(problems(obj)).toStrictEqual(['spec.http[0].match[0].uri: must set at most one of: exact, prefix, regex']);
  });
});

describe('IntOrString and Quantity', () => {
  test('accepts an IntOrString as an integer and as a string', () => {
    expect(problems(service())).toStrictEqual([]); // targetPort 8080 and 'http'
  });

  test('fails on an IntOrString that is neither', () => {
    const obj = service();
    Object.assign(obj.spec.ports[0], { targetPort: 80.5 });
    Object.assign(obj.spec.ports[1], { targetPort: true });
    expect(problems(obj)).toStrictEqual([
      'spec.ports[0].targetPort: invalid value 80.5: must be an integer or a string',
      'spec.ports[1].targetPort: invalid value true: must be an integer or a string',
    ]);
  });

  test('accepts quantities such as 100m, 1, 0.5, 1Gi, 1e3', () => {
    const obj = deployment();
    obj.spec.template.spec.containers[0].resources = {
      requests: { cpu: '100m', memory: '1Gi' },
      limits: { cpu: 0.5, memory: '1e3', 'ephemeral-storage': '2G' } as never,
    };
    expect(problems(obj)).toStrictEqual([]);
  });

  test('fails on a quantity that is not one', () => {
    const obj = deployment();
    obj.spec.template.spec.containers[0].resources.requests.cpu = 'abc';
    obj.spec.template.spec.containers[0].resources.requests.memory = '1GB';
    expect(problems(obj)).toStrictEqual([
      "spec.template.spec.containers[0].resources.requests[cpu]: invalid value \"abc\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      "spec.template.spec.containers[0].resources.requests[memory]: invalid value \"1GB\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ]);
  });

  test('accepts and rejects CRD int-or-string fields by their pattern (cert-manager quantity)', () => {
    const withQuantity = (value: unknown) => {
      const issuer = structuredClone(validObjects.Issuer) as { spec: { acme: { solvers: unknown[] } } };
      issuer.spec.acme.solvers = [{ http01: { ingress: { podTemplate: { spec: { resources: { requests: { cpu: value } } } } } } }];
      return issuer;
    };
    expect(problems(withQuantity('100m'))).toStrictEqual([]);
    expect(problems(withQuantity(2))).toStrictEqual([]);
    expect(problems(withQuantity('abc'))).toStrictEqual([
      expect.stringMatching(/^spec\.acme\.solvers\[0\]\.http01\.ingress\.podTemplate\.spec\.resources\.requests\[cpu\]: invalid value "abc": must match the regular expression/),
    ]);
  });
});

describe('metadata', () => {
  test('fails without metadata.name', () => {
    expect(problems({ ...service(), metadata: { namespace: 'httpbin' } })).toStrictEqual(['metadata.name: required value']);
  });

  test('fails on a name that is not a DNS subdomain, and on a Service name that is not a DNS-1035 label', () => {
    expect(problems({ ...deployment(), metadata: meta('HttpBin') })).toStrictEqual([
      expect.stringMatching(/^metadata\.name: invalid value "HttpBin": a lowercase RFC 1123 subdomain must consist of/),
    ]);
    expect(problems({ ...service(), metadata: meta('1-httpbin') })).toStrictEqual([
      expect.stringMatching(/^metadata\.name: invalid value "1-httpbin": a DNS-1035 label must/),
    ]);
  });

  test('fails on label keys and values that Kubernetes rejects, at any depth', () => {
    const obj = deployment();
    obj.metadata.labels = { 'app.kubernetes.io/name': 'httpbin', 'bad key': 'x' } as never;
    obj.spec.template.metadata.labels = { 'app.kubernetes.io/name': 'httpbin', version: 'v1 beta' } as never;
    expect(problems(obj)).toStrictEqual([
      expect.stringMatching(/^metadata\.labels: invalid value "bad key": name part must consist of alphanumeric characters/),
      expect.stringMatching(/^spec\.template\.metadata\.labels: invalid value "v1 beta": a valid label must be an empty string or/),
    ]);
  });

  test('fails on annotation keys and namespaces that Kubernetes rejects', () => {
    const obj = { ...service(), metadata: { name: 'httpbin', namespace: 'Team_A', annotations: { 'example.com/a/b': 'x' } } };
    expect(problems(obj)).toStrictEqual([
      expect.stringMatching(/^metadata\.namespace: invalid value "Team_A": a lowercase RFC 1123 label must consist of/),
      expect.stringMatching(/^metadata\.annotations: invalid value "example\.com\/a\/b": a qualified name must consist of/),
    ]);
  });

  test('fails on a label that is not a string', () => {
    expect(problems({ ...service(), metadata: { ...meta('httpbin'), labels: { replicas: 2 } } })).toStrictEqual([
      'metadata.labels[replicas]: invalid value 2: must be of type string',
    ]);
  });

  test('fails on a namespace on a cluster-scoped kind', () => {
    expect(problems({ ...(validObjects.IngressClass as object), metadata: meta('istio') })).toStrictEqual([
      'metadata.namespace: must not be set: IngressClass is cluster-scoped (the API server would drop it)',
    ]);
  });

  test('fails on a label selector operator that does not exist', () => {
    const obj = validObjects.NetworkPolicy as { spec: { ingress: { from: { namespaceSelector: { matchExpressions: object[] } }[] }[] } };
    const policy = structuredClone(obj);
    policy.spec.ingress[0].from[0].namespaceSelector.matchExpressions = [{ key: 'team', operator: 'Equals', values: ['a'] }];
    expect(problems(policy)).toStrictEqual([
      'spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].operator: invalid value "Equals": not a valid selector operator',
    ]);
  });
});

describe('apiVersion and kind', () => {
  test('fails on an unknown kind', () => {
    expect(problems({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: meta('x') })).toStrictEqual([
      'kind: no schema for kind "Deploymnet" in apiVersion "apps/v1"',
    ]);
  });

  test('fails on a version that the CRD does not serve', () => {
    expect(problems({ ...httpRoute(), apiVersion: 'gateway.networking.k8s.io/v1alpha2', kind: 'TCPRoute' })).toStrictEqual([
      'apiVersion: gateway.networking.k8s.io/v1alpha2 is not served for TCPRoute (gateway-api-v1.6.1-standard.json)',
    ]);
  });

  test('fails without apiVersion and kind', () => {
    expect(problems({ metadata: meta('x') })).toStrictEqual(['apiVersion: required value', 'kind: required value']);
  });

  test('validates experimental Gateway API fields only on request', () => {
    // GIVEN an HTTPRoute using a field of the experimental channel only
    const route = httpRoute();
    Object.assign(route.spec.rules[0], { retry: { attempts: 2 } });
    expect(problems(route)).toStrictEqual(['spec.rules[0].retry: unknown field']);
    expect(problems(route, { gatewayApiChannel: 'experimental' })).toStrictEqual([]);
  });

  test('points to the experimental channel for kinds only it has', () => {
    const mesh = { apiVersion: 'gateway.networking.x-k8s.io/v1alpha1', kind: 'XMesh', metadata: { name: 'mesh' }, spec: { controllerName: 'example.com/mesh' } };
    expect(problems(mesh)[0]).toMatch(/^kind: no schema for kind "XMesh" .*only in the experimental channel/);
    expect(problems(mesh, { gatewayApiChannel: 'experimental' })).toStrictEqual([]);
  });
});

describe('Gateway API CEL rules', () => {
  test('fails on a PathPrefix match whose value does not start with /', () => {
    const route = httpRoute();
    route.spec.rules[0].matches[1].path.value = 'delay';
    expect(problems(route)).toStrictEqual([
      "spec.rules[0].matches[1].path: value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
    ]);
  });

  test('applies defaults before evaluating rules (a path match without type is a PathPrefix)', () => {
    const route = httpRoute();
    route.spec.rules[0].matches = [{ path: { value: 'delay' } } as never];
    expect(problems(route)).toStrictEqual([
      "spec.rules[0].matches[0].path: value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
    ]);
  });

  test('fails on a tls block on an HTTP listener', () => {
    const gw = gateway();
    Object.assign(gw.spec.listeners[0], { tls: { mode: 'Terminate', certificateRefs: [{ name: 'httpbin-credential' }] } });
    expect(validateManifest(gw)).toStrictEqual([{
      path: 'spec.listeners',
      message: "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']",
      rule: "self.all(l, l.protocol in ['HTTP', 'TCP', 'UDP'] ? !has(l.tls) : true)",
    }]);
  });

  test('fails on RequestRedirect and URLRewrite filters in one rule', () => {
    const route = httpRoute();
    Object.assign(route.spec.rules[0], {
      backendRefs: undefined,
      filters: [
        { type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } },
        { type: 'URLRewrite', urlRewrite: { hostname: 'example.org' } },
      ],
    });
    expect(problems(route)).toStrictEqual([
      'spec.rules[0].filters: May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both',
    ]);
  });

  test('fails on duplicate listener names (list-map key and CEL rule)', () => {
    const gw = gateway();
    gw.spec.listeners[1].name = 'http';
    expect(problems(gw)).toStrictEqual([
      'spec.listeners[1]: duplicate value: {"name":"http"}',
      'spec.listeners: Listener name must be unique within the Gateway',
    ]);
  });

  test('fails on a backendRequest timeout longer than the request timeout', () => {
    const route = httpRoute();
    route.spec.rules[0].timeouts = { request: '4s', backendRequest: '5s' } as never;
    expect(problems(route)).toStrictEqual(['spec.rules[0].timeouts: backendRequest timeout cannot be longer than request timeout']);
    route.spec.rules[0].timeouts = { request: '4s', backendRequest: '4000ms' } as never;
    expect(problems(route)).toStrictEqual([]);
  });

  test('fails on an IP address as TLSRoute hostname (isIP of the Kubernetes IP library)', () => {
    const route = structuredClone(validObjects.TLSRoute) as { spec: { hostnames: string[] } };
    route.spec.hostnames = ['httpbin.example.com', '10.0.0.1'];
    expect(problems(route)).toStrictEqual(['spec.hostnames: Hostnames cannot contain an IP']);
  });

  test('checks Istio WasmPlugin URLs with isURL and url().getScheme()', () => {
    const plugin = (url: string) => ({
      apiVersion: 'extensions.istio.io/v1alpha1',
      kind: 'WasmPlugin',
      metadata: meta('auth'),
      spec: { url, selector: { matchLabels: { istio: 'ingressgateway' } } },
    });
    expect(problems(plugin('oci://ghcr.io/example/auth:1.0'))).toStrictEqual([]);
    expect(problems(plugin('ghcr.io/example/auth:1.0'))).toStrictEqual([]);
    expect(problems(plugin('ftp://example.com/auth.wasm'))).toStrictEqual(['spec.url: url must have schema one of [http, https, file, oci]']);
  });

  test('reaches fields named after CEL reserved words (namespace is __namespace__)', () => {
    const route = httpRoute();
    route.spec.parentRefs = [{ name: 'gw', namespace: 'a' }, { name: 'gw', namespace: 'b' }] as never;
    expect(problems(route)).toStrictEqual([]);
    route.spec.parentRefs = [{ name: 'gw', namespace: 'a' }, { name: 'gw', namespace: 'a' }] as never;
    expect(problems(route)).toStrictEqual([
      'spec.parentRefs: sectionName must be unique when parentRefs includes 2 or more references to the same parent',
    ]);
  });

  test('evaluates Istio rules with raw regexes and duration()', () => {
    const vs = virtualService();
    vs.spec.http[0].timeout = '0.5ms';
    expect(problems(vs)).toStrictEqual(['spec.http[0].timeout: must be a valid duration greater than 1ms']);
  });
});

describe('every vendored CRD', () => {
  test.each(['standard', 'experimental'] as const)('compiles in every served version (Gateway API %s channel)', (channel) => {
    const kinds = vendoredCrdKinds(channel);
    expect(kinds.length).toBeGreaterThan(40);
    const messages = new Set<string>();
    for (const { apiVersion, kind } of kinds) {
      for (const v of validateManifest({ apiVersion, kind, metadata: { name: 'minimal' } }, { gatewayApiChannel: channel })) messages.add(v.message);
    }
    // A bare object only lacks what the schemas require, and istiod refuses an empty Gateway or VirtualService.
    expect([...messages].sort()).toStrictEqual([
      'istiod refuses it: gateway must have at least one server',
      'istiod refuses it: http, tcp or tls must be provided in virtual service',
      'required value',
    ]);
  });
});

describe('upstream rules that reject what one would expect to pass', () => {
  test('an XBackend port name is always rejected: its rule compares an optional with null, which is never equal in CEL', () => {
    const backend = (name: string) => ({
      apiVersion: 'gateway.networking.x-k8s.io/v1alpha1',
      kind: 'XBackend',
      metadata: meta('api'),
      spec: { type: 'ExternalHostname', externalHostname: { hostname: 'api.example.com' }, port: { port: 443, name }, protocol: 'HTTP2' },
    });
    const experimental = { gatewayApiChannel: 'experimental' } as const;
    expect(problems(backend(''), experimental)).toStrictEqual([]);
    expect(problems(backend('https'), experimental)).toStrictEqual(['spec.port.name: Name must be a valid DNS label']);
  });
});

describe('CRD schema semantics (validateAgainstCrdSchema with a hand-written schema)', () => {
  const schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        required: ['size'],
        properties: {
          size: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self + 1 > 1', message: 'size must not be negative' }] },
          ratio: { type: 'number', 'x-kubernetes-validations': [{ rule: 'self * 2.0 <= 2.0', message: 'ratio must be at most 1' }] },
          mode: { type: 'string', default: 'fast' },
          limits: { type: 'object', default: {}, properties: { max: { type: 'integer', default: 10 } } },
          tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
          note: { type: 'string', nullable: true },
          extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
        'x-kubernetes-validations': [
          { rule: "self.mode == 'fast' || self.size < 5", messageExpression: "'size ' + string(self.size) + ' is too big for mode ' + self.mode" },
          { rule: 'self.limits.max >= self.size', message: 'max is below size', fieldPath: '.limits.max' },
          { rule: 'self.size != 7' },
          { rule: 'self.size == oldSelf.size', message: 'size is immutable' },
        ],
      },
    },
  };
  const widget = (spec: object) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' }, spec });
  const check = (spec: object) => lines(validateAgainstCrdSchema(schema, widget(spec)));

  test('passes a valid object; transition rules (oldSelf) are skipped as on create', () => {
    expect(check({ size: 3, ratio: 0.5, note: null, extra: { anything: [1, 'two'] } })).toStrictEqual([]);
  });

  test('gives integer fields CEL ints and number fields CEL doubles, even for whole numbers', () => {
    expect(check({ size: 3, ratio: 1 })).toStrictEqual([]);
    expect(check({ size: 3, ratio: 2 })).toStrictEqual(['spec.ratio: ratio must be at most 1']);
  });

  test('reports messageExpression, fieldPath and "failed rule" messages', () => {
    expect(check({ size: 6, mode: 'slow' })).toStrictEqual(['spec: size 6 is too big for mode slow']);
    expect(check({ size: 7 })).toStrictEqual(['spec: failed rule: self.size != 7']);
  });

  test('applies defaults inside defaults before the rules run, and replaces nulls of defaulted fields', () => {
    expect(check({ size: 11, mode: null })).toStrictEqual(['spec.limits.max: max is below size']);
  });

  test('fails on duplicate items of a set and on unknown fields outside preserve-unknown-fields', () => {
    expect(check({ size: 1, tags: ['a', 'b', 'a'], colour: 'red' })).toStrictEqual([
      'spec.colour: unknown field',
      'spec.tags[2]: duplicate value: "a"',
    ]);
  });
});

describe('assertValidManifests', () => {
  test('returns normally when every object is valid', () => {
    expect(() => assertValidManifests(Object.values(validObjects))).not.toThrow();
  });

  test('throws one error listing every violation, prefixed with kind/namespace/name', () => {
    const badDeployment = deployment();
    Object.assign(badDeployment.spec, { replica: 3 });
    const badGateway = gateway();
    badGateway.spec.listeners[1].name = 'http';
    const badClass = { ...(validObjects.IngressClass as object), spec: { controler: 'istio.io/ingress-controller' } };

    expect(() => assertValidManifests([service(), badDeployment, badGateway, badClass])).toThrow(new Error([
      '4 schema violation(s) in 3 of 4 object(s):',
      'Deployment/httpbin/httpbin: spec.replica: unknown field',
      'Gateway/httpbin/httpbin-gateway: spec.listeners[1]: duplicate value: {"name":"http"}',
      'Gateway/httpbin/httpbin-gateway: spec.listeners: Listener name must be unique within the Gateway',
      'IngressClass//istio: spec.controler: unknown field',
    ].join('\n')));
  });
});
