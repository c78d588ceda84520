import { readFileSync } from 'node:fs';
import { OPERATOR_CRDS } from '../../src/operator/generated/crds';
import { OperatorKind } from '../../src/operator/render';
import { checkSchema, StructuralSchema } from '../../src/operator/schema-check';
import { compileCel } from '../support/kubernetes-cel';
import { validateAgainstCrdSchema, validateManifest } from '../support/schema-validator';
import { forEachNode } from '../support/vendored-schemas';
import { cr, crd, crSchema } from './support';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const generator = require('../../scripts/generate-crds.js') as { crdModule(): string; OUT_FILE: string };

const KINDS: OperatorKind[] = ['IngressGateway', 'ExposedService', 'TlsIngress'];

describe('the CRDs', () => {
  test('the committed CRDs are what the TypeScript types generate (npm run generate-crds)', () => {
    expect(readFileSync(generator.OUT_FILE, 'utf8')).toBe(generator.crdModule());
  });

  test.each(KINDS)('%s: strictly valid against the Kubernetes 1.28 apiextensions schema', (kind) => {
    expect(validateManifest(crd(kind))).toEqual([]);
  });

  test.each(KINDS)('%s: a structural schema, every CEL rule compiling', (kind) => {
    const problems: string[] = [];
    forEachNode(crd(kind).spec.versions[0].schema.openAPIV3Schema, (node: any, path) => {
      const at = path || '(root)';
      for (const forbidden of ['$ref', 'definitions', 'default', 'anyOf', 'oneOf', 'allOf', 'not', '$schema']) {
        if (forbidden in node) problems.push(`${at}: ${forbidden}`);
      }
      if (typeof node.type !== 'string') problems.push(`${at}: no type`);
      if (node.additionalProperties === false) problems.push(`${at}: additionalProperties false`);
      if (node.properties && node.additionalProperties) problems.push(`${at}: properties and additionalProperties`);
      if (node.type === 'array' && !node.items) problems.push(`${at}: an array without items`);
      if (node['x-kubernetes-list-type'] === 'map') {
        for (const key of node['x-kubernetes-list-map-keys'] ?? []) if (!node.items.required?.includes(key)) problems.push(`${at}: map key ${key} not required`);
      }
      for (const rule of node['x-kubernetes-validations'] ?? []) {
        try {
          compileCel(rule.rule);
        } catch (e) {
          problems.push(`${at}: ${rule.rule}: ${(e as Error).message}`);
        }
        if (typeof rule.message !== 'string') problems.push(`${at}: a rule without message`);
      }
    });
    expect(problems).toEqual([]);
  });

  test('one CRD per kind, namespaced, with the status subresource', () => {
    expect(OPERATOR_CRDS.map((c: any) => [c.metadata.name, c.spec.scope, c.spec.versions[0].subresources])).toEqual([
      ['ingressgateways.cdk8s-istio-ingress.github.io', 'Namespaced', { status: {} }],
      ['exposedservices.cdk8s-istio-ingress.github.io', 'Namespaced', { status: {} }],
      ['tlsingresses.cdk8s-istio-ingress.github.io', 'Namespaced', { status: {} }],
    ]);
  });
});

const service = (spec: object) => cr('ExposedService', 'shop', 'web', { gateway: { name: 'public' }, backend: { serviceName: 'web', port: 80 }, hosts: ['web.example.com'], ...spec });
const gateway = (spec: object) => cr('IngressGateway', 'edge', 'public', spec);
const tls = (spec: object) => cr('TlsIngress', 'edge', 'web-tls', { gateway: { name: 'public' }, hosts: ['web.example.com'], ...spec });

/** Violations as `path: message`. */
function violations(object: any): string[] {
  return validateAgainstCrdSchema(crSchema(object.kind), object).map((v) => (v.path ? `${v.path}: ${v.message}` : v.message));
}

describe('custom resources against the generated schema, CEL rules included', () => {
  test.each([
    ['a minimal service', service({})],
    ['every route option', service({
      routes: [
        {
          name: 'api',
          matches: [{ path: { prefix: '/api' }, headers: { 'x-user': { exact: 'alice' } }, queryParams: { v: { regex: '^[0-9]+$' } }, method: 'GET' }],
          backends: [{ backend: { serviceName: 'v1', port: 80 }, weight: 90 }, { backend: { serviceName: 'v2', port: 80 }, weight: 10 }],
          timeout: '10s',
          retries: { attempts: 3, perTryTimeout: '2s', retryOn: ['gateway-error', '503'] },
          rewrite: { path: { replacePrefixMatch: '/' }, hostname: 'internal.example.com' },
          requestHeaders: { set: { 'x-env': 'prod' }, remove: ['x-debug'] },
          responseHeaders: { add: { 'x-served-by': 'gateway' } },
          mirrors: [{ backend: { serviceName: 'shadow', port: 80 }, percentage: 5 }],
          cors: { allowOrigins: ['https://app.example.com'], allowMethods: ['GET', 'POST'], maxAge: '10m' },
        },
        { matches: [{ path: { exact: '/old' } }], redirect: { scheme: 'https', statusCode: 301 } },
        { matches: [{ path: { prefix: '/down' } }], directResponse: { status: 503, body: 'maintenance' } },
        { matches: [{ path: { prefix: '/chaos' } }], fault: { abort: { httpStatus: 503, percentage: 1.5 } } },
      ],
    })],
    ['a bundled proxy with every option', gateway({
      api: { gatewayApi: { gatewayClassName: 'istio', allowedRoutes: { namespacesWithLabels: { team: 'web' } } } },
      proxy: { bundled: { name: 'edge', replicas: 3, podDisruptionBudget: { minAvailable: 1 }, resources: { cpu: { request: '200m', limit: '2' }, memory: { request: '256Mi', limit: '1Gi' }, ephemeralStorage: { request: '512Mi', limit: '2Gi' } }, networkPolicy: { egress: { clusterOnly: {} } } } },
      serviceType: 'NodePort',
      hosts: ['*.example.com'],
    })],
    ['mutual TLS from cert-manager', tls({ mode: 'MUTUAL', certificate: { certManager: { issuer: { clusterIssuer: 'letsencrypt' }, duration: '2160h' } }, clientCa: { secret: { name: 'client-ca' } } })],
    ['passthrough', tls({ mode: 'PASSTHROUGH', backend: { serviceName: 'nginx', port: 443, portName: 'https' } })],
    ['cert-manager at its limits', tls({ certificate: { certManager: { issuer: { issuer: 'a' }, duration: '1h', renewBefore: '5m' } } })],
    ['a renewBefore just below the default duration', tls({ certificate: { certManager: { issuer: { issuer: 'a' }, renewBefore: '2159h59m' } } })],
  ])('accepts %s', (_what, object) => {
    expect(violations(object)).toEqual([]);
    expect(checkSchema(crSchemaOf(object.kind), object.spec, 'spec')).toEqual([]);
  });

  test.each([
    ['two factory keys', gateway({ proxy: { bundled: {}, existing: { selector: { istio: 'x' } } } }), 'spec.proxy: set exactly one of bundled, existing and automated'],
    ['no factory key', gateway({ api: {} }), 'spec.api: set exactly one of istio, gatewayApi and kubernetesIngress'],
    ['replicas and autoscaling', gateway({ proxy: { bundled: { replicas: 2, autoscaling: { maxReplicas: 4 } } } }), 'spec.proxy.bundled: set either replicas (fixed) or autoscaling, not both'],
    ['both budget fields', gateway({ proxy: { bundled: { podDisruptionBudget: { minAvailable: 1, maxUnavailable: 1 } } } }), 'spec.proxy.bundled.podDisruptionBudget: set exactly one of minAvailable and maxUnavailable'],
    ['a path with two kinds', service({ routes: [{ matches: [{ path: { prefix: '/a', exact: '/a' } }] }] }), 'spec.routes[0].matches[0].path: set exactly one of prefix, exact and regex'],
    ['a redirect that forwards', service({ routes: [{ redirect: { scheme: 'https' }, timeout: '4s' }] }), 'spec.routes[0]: a route with redirect or directResponse forwards nothing: remove backends, timeout, retries, rewrite, requestHeaders, mirrors and fault'],
    ['redirect and direct response', service({ routes: [{ redirect: { scheme: 'https' }, directResponse: { status: 200 } }] }), 'spec.routes[0]: a route answers either with a redirect or with a direct response, not both'],
    ['faults with a timeout', service({ routes: [{ fault: { abort: { httpStatus: 503 } }, timeout: '1s' }] }), 'spec.routes[0]: Istio enables no timeout or retries on a route that injects faults'],
    ['retries off with conditions', service({ routes: [{ retries: { attempts: 0, retryOn: ['5xx'] } }] }), 'spec.routes[0].retries: attempts 0 turns retries off: remove perTryTimeout and retryOn'],
    ['a rewrite of nothing', service({ routes: [{ rewrite: {} }] }), 'spec.routes[0].rewrite: rewrites nothing: set path, hostname or both'],
    ['passthrough with a certificate', tls({ mode: 'PASSTHROUGH', backend: { serviceName: 'n', port: 443 }, certificate: { secret: { name: 'c' } } }), 'spec: PASSTHROUGH needs backend and no certificate or clientCa; the other modes need certificate and no backend'],
    ['mutual TLS without a client CA', tls({ mode: 'MUTUAL', certificate: { secret: { name: 'c' } } }), 'spec: clientCa is required by MUTUAL and OPTIONAL_MUTUAL, and only allowed with them'],
    ['an issuer of two kinds', tls({ certificate: { certManager: { issuer: { issuer: 'a', selfSigned: {} } } } }), 'spec.certificate.certManager.issuer: set exactly one of issuer, clusterIssuer and selfSigned'],
    ['a certificate duration under 1h', tls({ certificate: { certManager: { issuer: { issuer: 'a' }, duration: '59m' } } }), "spec.certificate.certManager: duration is shorter than cert-manager's minimum certificate duration, 1h: give at least 1h"],
    ['a renewBefore under 5m', tls({ certificate: { certManager: { issuer: { issuer: 'a' }, renewBefore: '4m59s' } } }), "spec.certificate.certManager: renewBefore is shorter than cert-manager's minimum, 5m: give at least 5m"],
    ['a renewBefore not below the duration', tls({ certificate: { certManager: { issuer: { issuer: 'a' }, duration: '24h', renewBefore: '1440m' } } }), "spec.certificate.certManager: renewBefore is not shorter than the certificate's duration (2160h, cert-manager's default, when duration is unset): lower renewBefore, or raise duration"],
    ['a renewBefore not below the default duration', tls({ certificate: { certManager: { issuer: { issuer: 'a' }, renewBefore: '2160h' } } }), "spec.certificate.certManager: renewBefore is not shorter than the certificate's duration (2160h, cert-manager's default, when duration is unset): lower renewBefore, or raise duration"],
  ])('refuses %s at kubectl apply (CEL)', (_what, object, message) => {
    expect(violations(object)).toEqual([message]);
  });

  test.each([
    ['a duration without unit', service({ routes: [{ timeout: '4' }] }), ['spec.routes[0].timeout']],
    ['an unknown field', service({ backends: [] }), ['spec.backends']],
    ['a port out of range', service({ port: 70000 }), ['spec.port']],
    ['duplicate hosts', service({ hosts: ['a.example.com', 'a.example.com'] }), ['spec.hosts[1]']],
    ['a weight over 100', service({ routes: [{ backends: [{ backend: { serviceName: 'a', port: 80 }, weight: 101 }] }] }), ['spec.routes[0].backends[0].weight']],
    ['an unknown method', service({ routes: [{ matches: [{ method: 'FETCH' }] }] }), ['spec.routes[0].matches[0].method']],
    ['a memory size in bytes', gateway({ proxy: { bundled: { resources: { memory: { limit: '1G' } } } } }), ['spec.proxy.bundled.resources.memory.limit']],
    ['an ephemeral storage size in bytes', gateway({ proxy: { bundled: { resources: { ephemeralStorage: { request: '1G' } } } } }), ['spec.proxy.bundled.resources.ephemeralStorage.request']],
    ['no hosts', service({ hosts: [] }), ['spec.hosts']],
  ])('refuses %s, and the runtime check (the KRM function\'s) names the same field', (_what, object, paths) => {
    // (The API server then skips CEL rules, and says so: not a field.)
    expect(violations(object).filter((v) => !v.startsWith('some validation rules')).map((v) => v.split(': ')[0])).toEqual(paths);
    expect(checkSchema(crSchemaOf(object.kind), object.spec, 'spec').map((p) => p.path)).toEqual(paths);
  });
});

function crSchemaOf(kind: string): StructuralSchema {
  return crd(kind as OperatorKind).spec.versions[0].schema.openAPIV3Schema.properties.spec;
}
