import * as kplus28 from 'cdk8s-plus-28';
import * as kplus33 from 'cdk8s-plus-33';
import { Backend, ExposedService, IngressGateway, IServiceLike } from '../src';
import { newChart, only, synth } from './support/synth';

// `cdk8s init` installs the newest cdk8s-plus line (33 today) while this
// library is built against cdk8s-plus-28: Backend.fromService takes the
// shape it reads (IServiceLike), so a Service of either line type-checks
// (this file is type-checked by `npm test`) and gives the same route.

/** The VirtualService route destination for a backend made from `service`. */
function destinationFor(make: (chart: ReturnType<typeof newChart>) => IServiceLike, port?: number): unknown {
  const chart = newChart();
  const gateway = new IngressGateway(chart, 'gw');
  new ExposedService(chart, 'web', { gateway, backend: Backend.fromService(make(chart), { port }), hosts: ['web.example.com'] });
  return only(synth(chart), 'VirtualService').spec.http[0].route;
}

const WEB = [{ destination: { host: 'web.shop.svc.cluster.local', port: { number: 8080 } } }];

describe('Backend.fromService', () => {
  test('a cdk8s-plus-28 Service', () => {
    expect(destinationFor((chart) => new kplus28.Service(chart, 'svc', { metadata: { name: 'web', namespace: 'shop' }, ports: [{ port: 8080, name: 'http' }] }))).toStrictEqual(WEB);
  });

  test('a cdk8s-plus-33 Service (the line `cdk8s init` installs)', () => {
    expect(destinationFor((chart) => new kplus33.Service(chart, 'svc', { metadata: { name: 'web', namespace: 'shop' }, ports: [{ port: 8080, name: 'http' }] }))).toStrictEqual(WEB);
  });

  test('a cdk8s-plus-33 Service with several ports, one chosen', () => {
    const make = (chart: ReturnType<typeof newChart>) =>
      new kplus33.Service(chart, 'svc', { metadata: { name: 'web', namespace: 'shop' }, ports: [{ port: 9090, name: 'metrics' }, { port: 8080, name: 'http' }] });
    expect(destinationFor(make, 8080)).toStrictEqual(WEB);
  });

  test('any object of the shape', () => {
    expect(destinationFor(() => ({ name: 'web', metadata: { namespace: 'shop' }, ports: [{ port: 8080, name: 'http' }] }))).toStrictEqual(WEB);
  });

  test('the port name is read from the Service, so a badly named cdk8s-plus-33 port is caught', () => {
    const chart = newChart();
    const gateway = new IngressGateway(chart, 'gw');
    const service = new kplus33.Service(chart, 'svc', { metadata: { name: 'web' }, ports: [{ port: 8080, name: 'web' }] });
    expect(() => new ExposedService(chart, 'web', { gateway, backend: Backend.fromService(service), hosts: ['web.example.com'] })).toThrow(
      /\[test\/web\] backend: port 8080 of Service default\/web has the name "web", which does not follow Istio's <protocol>\[-<suffix>\] convention/,
    );
  });

  test.each([
    ['undefined', undefined, /^\[Backend\.fromService\] service: expected a Service with a name and ports .*: got undefined$/],
    ['a string', 'web', /^\[Backend\.fromService\] service: expected a Service with a name and ports .*: got "web"$/],
    ['an object without a name', { ports: [{ port: 80 }] }, /^\[Backend\.fromService\] service: .*: it has no name$/],
    ['an object without ports', { name: 'web', metadata: {} }, /^\[Backend\.fromService\] service: .*: Service web has no ports$/],
    ['a port without a number', { name: 'web', metadata: {}, ports: [{ name: 'http' }] }, /^\[Backend\.fromService\] service: .*: Service web has a port without a port number$/],
  ])('fails, naming what is missing, for %s', (_what, value, message) => {
    expect(() => Backend.fromService(value as any)).toThrow(message);
  });

  test('fails naming the construct path of a construct that is no Service', () => {
    const chart = newChart();
    const notAService = new kplus33.ConfigMap(chart, 'config');
    expect(() => Backend.fromService(notAService as any)).toThrow(/^\[test\/config\] service: expected a Service with a name and ports .*: Service .* has no ports$/);
  });
});
