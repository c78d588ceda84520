import { render, specField } from '../../src/operator/render';
import { cr } from './support';

const service = (name: string, spec: object = {}, extra = {}) =>
  cr('ExposedService', 'shop', name, { gateway: { name: 'public', namespace: 'edge' }, backend: { serviceName: name, port: 80, portName: 'http' }, hosts: [`${name}.example.com`], ...spec }, extra);

describe('render: custom resources through the constructs', () => {
  test('a construct\'s field becomes the spec field it stands for, through factory keys', () => {
    const gateway = { proxy: { bundled: { replicas: 2, podLabels: { app: 'x' } } }, api: { gatewayApi: {} } };
    expect(specField(gateway, 'proxy.replicas')).toBe('spec.proxy.bundled.replicas');
    expect(specField(gateway, 'proxy.podLabels.app')).toBe('spec.proxy.bundled.podLabels.app');
    expect(specField(gateway, 'api.gatewayClassName')).toBe('spec.api.gatewayApi.gatewayClassName');
    expect(specField({ certificate: { certManager: { issuer: {} } } }, 'certificate.secretName')).toBe('spec.certificate.certManager.secretName');
    expect(specField({ routes: [{}, { matches: [{}] }] }, 'routes[1].matches[0].path')).toBe('spec.routes[1].matches[0].path');
    expect(specField({}, 'name (from the construct id)')).toBe('metadata.name');
    expect(specField({}, 'namespace')).toBe('metadata.namespace');
  });

  test('the proxy\'s resources from the spec, ephemeral storage included, reach its Deployment', () => {
    const gateway = cr('IngressGateway', 'edge', 'public', {
      hosts: ['web.example.com'],
      proxy: { bundled: { resources: { cpu: { request: '200m' }, memory: { limit: '2Gi' }, ephemeralStorage: { request: '512Mi', limit: '2Gi' } } } },
    });
    const objects = render([gateway]).get('IngressGateway/edge/public')!.objects!;
    const deployment = objects.find((o) => o.kind === 'Deployment') as unknown as { spec: { template: { spec: { containers: { resources: unknown }[] } } } };
    expect(deployment.spec.template.spec.containers[0].resources).toStrictEqual({
      requests: { cpu: '200m', 'ephemeral-storage': '512Mi', memory: '128Mi' },
      limits: { cpu: '2000m', 'ephemeral-storage': '2048Mi', memory: '2048Mi' },
    });
  });

  test('two gateways deploying the same proxy in one namespace: both are a Conflict naming each other', () => {
    const results = render([cr('IngressGateway', 'edge', 'a', {}), cr('IngressGateway', 'edge', 'b', {}), service('web', { gateway: { name: 'a', namespace: 'edge' } }), service('api', { gateway: { name: 'b', namespace: 'edge' } })]);
    for (const name of ['a', 'b']) {
      const result = results.get(`IngressGateway/edge/${name}`)!;
      expect(result.objects).toBeUndefined();
      expect(result.problems.map((p) => p.reason)).toContain('Conflict');
      expect(result.problems.map((p) => p.message).join(' ')).toMatch(/Deployment edge\/istio-ingressgateway is emitted twice, by IngressGateway edge\/a and IngressGateway edge\/b/);
    }
  });

  test('an invalid gateway spec: its resources render against the spec it last applied', () => {
    const applied = { hosts: ['web.example.com'] };
    const gateway = cr('IngressGateway', 'edge', 'public', { hosts: ['web.example.com'], clusterDomain: 'Not A Domain' }, { status: { appliedSpec: applied } });
    const results = render([gateway, service('web')], { useAppliedSpecs: true });
    const own = results.get('IngressGateway/edge/public')!;
    expect(own.rendered).toBe('appliedSpec');
    expect(own.problems).toEqual([{ field: 'spec.clusterDomain', reason: 'InvalidSpec', message: expect.stringMatching(/^"Not A Domain" must consist of lower-case letters/) }]);
    const web = results.get('ExposedService/shop/web')!;
    expect(web.problems).toEqual([]);
    expect(web.objects?.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['VirtualService shop/web']);
  });

  test('without an applied spec, an invalid gateway leaves its resources GatewayNotReady (or their own problem)', () => {
    const results = render([cr('IngressGateway', 'edge', 'public', { clusterDomain: 'Not A Domain' }), service('web')]);
    expect(results.get('ExposedService/shop/web')!.problems).toEqual([
      { field: 'spec.gateway', reason: 'GatewayNotReady', message: 'IngressGateway edge/public has no valid spec yet (see its status); this resource is rendered once it has' },
    ]);
  });

  test('the same resources give byte-identical objects whatever their order', () => {
    const resources = [cr('IngressGateway', 'edge', 'public', {}), service('web'), service('api'), service('blog')];
    const json = (list: typeof resources) => JSON.stringify([...render(list).values()].map((r) => [r.name, r.objects]).sort());
    expect(json([...resources].reverse())).toBe(json(resources));
  });
});
