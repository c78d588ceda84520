import { deriveListeners } from '../../src/model/listeners';
import { ListenerProtocol } from '../../src/model/types';

const http = (port: number, hostname: string, source = 'app/a') => ({ port, protocol: ListenerProtocol.HTTP, hostname, source });

describe('listener derivation', () => {
  test('one host on the default port gets the plain protocol name', () => {
    expect(deriveListeners([http(80, 'httpbin.example.com')]).listeners).toStrictEqual([
      { name: 'http', port: 80, protocol: 'HTTP', hostname: 'httpbin.example.com' },
    ]);
  });

  test('several hosts on a port get one listener each, named by host, sorted, without duplicates', () => {
    const { listeners } = deriveListeners([http(80, 'b.example.com'), http(80, '*.example.org'), http(80, 'b.example.com'), http(80, '*'), http(8080, 'a.com')]);
    expect(listeners.map((l) => [l.name, l.port, l.hostname])).toStrictEqual([
      ['http', 80, '*'],
      ['http-wildcard.example.org', 80, '*.example.org'],
      ['http-b.example.com', 80, 'b.example.com'],
      ['http-8080', 8080, 'a.com'],
    ]);
  });

  test('names stay within the 253 characters of a section name', () => {
    const long = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.com`;
    const { listeners } = deriveListeners([http(80, long), http(80, 'x.com')]);
    expect(listeners[0].name.length).toBeLessThanOrEqual(253);
    expect(listeners[0].name).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
    expect(deriveListeners([http(80, long), http(80, 'x.com')]).listeners[0].name).toBe(listeners[0].name);
  });

  test('names are unique however many hosts share a port, including hosts whose slugs could collide', () => {
    const hosts = ['a-b.com', 'a.b-com', '*.a.com', 'wildcard.a.com', '*', ...Array.from({ length: 60 }, (_, i) => `h${i}.example.com`)];
    const { listeners } = deriveListeners(hosts.map((h) => http(80, h)));
    expect(new Set(listeners.map((l) => l.name)).size).toBe(hosts.length);
  });

  test('one port carrying two protocols is a problem naming both requesters', () => {
    const { problems } = deriveListeners([http(443, 'a.com', 'app/web'), { port: 443, protocol: ListenerProtocol.TLS, hostname: 'b.com', source: 'app/tls' }]);
    expect(problems).toStrictEqual([
      {
        source: 'app/web',
        field: 'port',
        message:
          'port 443 carries TLS (HTTPS or passthrough) for app/tls, so app/web cannot serve plain HTTP on it (a port carries either plain HTTP or TLS); ' +
          'the routes of a host with TLS are served over HTTPS without a port of their own: leave this port at its default (80), or serve plain HTTP on another port',
      },
    ]);
  });
});
