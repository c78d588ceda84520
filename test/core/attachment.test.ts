import { ListenerIndex, serves } from '../../src/model/attachment';
import { ListenerModel, ListenerProtocol, TlsMode, TlsVersion } from '../../src/model/types';

const tls = { mode: TlsMode.SIMPLE, minProtocolVersion: TlsVersion.TLS_1_2 };

/** Plain HTTP on two ports, a redirect, HTTPS and passthrough, for concrete, wildcard and any hosts. */
const LISTENERS: ListenerModel[] = [
  { name: 'http-a', port: 80, protocol: ListenerProtocol.HTTP, hostname: 'a.example.com' },
  { name: 'http-wild', port: 80, protocol: ListenerProtocol.HTTP, hostname: '*.example.com' },
  { name: 'http-deep', port: 80, protocol: ListenerProtocol.HTTP, hostname: '*.b.example.com' },
  { name: 'http-other', port: 80, protocol: ListenerProtocol.HTTP, hostname: 'example.org' },
  { name: 'http-8080', port: 8080, protocol: ListenerProtocol.HTTP, hostname: '*' },
  { name: 'http-redirect', port: 80, protocol: ListenerProtocol.HTTP, hostname: 'c.example.com', httpsRedirect: true },
  { name: 'https-c', port: 443, protocol: ListenerProtocol.HTTPS, hostname: 'c.example.com', tls },
  { name: 'https-wild', port: 443, protocol: ListenerProtocol.HTTPS, hostname: '*.b.example.com', tls },
  { name: 'tls-d', port: 443, protocol: ListenerProtocol.TLS, hostname: 'd.example.com', tls: { ...tls, mode: TlsMode.PASSTHROUGH } },
];

describe('which listeners serve a route', () => {
  test.each([
    [['a.example.com'], 80],
    [['x.b.example.com'], 80],
    [['c.example.com', 'a.example.com'], 80],
    [['*.example.com'], 80],
    [['*.b.example.com'], 8080],
    [['*'], 80],
    [['*'], 8080],
    [['example.org', 'd.example.com'], 80],
    [['nothing.example.net'], 80],
  ])('hosts %j on port %d: the same listeners, in the same order, as checking every listener', (hosts, port) => {
    const route = { hosts, port };
    expect(new ListenerIndex(LISTENERS).serving(route)).toStrictEqual(LISTENERS.filter((listener) => serves(listener, route)));
  });

  test('a listener that several of the route\'s hosts reach is listed once', () => {
    const served = new ListenerIndex(LISTENERS).serving({ hosts: ['x.b.example.com', 'y.b.example.com'], port: 80 });
    expect(served.map((l) => l.name)).toStrictEqual(['http-wild', 'http-deep', 'https-wild']);
  });
});
