import { Duration } from 'cdk8s';
import { formatDuration } from '../../src/values/duration';
import { checkDnsLabel, checkHostname, checkLabelKey, checkPortName } from '../../src/checks/names';

describe('names', () => {
  test.each(['a', 'my-name', 'a1', '1a'])('%p is a DNS label', (name) => expect(checkDnsLabel(name)).toBeUndefined());
  test.each(['', 'A', '-a', 'a-', 'a.b', 'a_b', 'a'.repeat(64)])('%p is not a DNS label', (name) => expect(checkDnsLabel(name)).toBeDefined());
  test.each(['*', 'example.com', '*.example.com', 'a-b.c'])('%p is a hostname', (host) => expect(checkHostname(host)).toBeUndefined());
  test.each(['*.*.com', 'a.*.com', '*a.com', 'EXAMPLE.com', '1.2.3.4', '::1', 'a..b'])('%p is not a hostname', (host) => expect(checkHostname(host)).toBeDefined());
  test.each(['app', 'app.kubernetes.io/name', 'A_b.c'])('%p is a label key', (key) => expect(checkLabelKey(key)).toBeUndefined());
  test.each(['', '/a', 'Bad_Prefix/x', 'a/'])('%p is not a label key', (key) => expect(checkLabelKey(key)).toBeDefined());
  test.each(['http', 'http-web', 'grpc2'])('%p is a port name', (name) => expect(checkPortName(name)).toBeUndefined());
  test.each(['1234', 'a--b', 'toolongportname1', 'HTTP'])('%p is not a port name', (name) => expect(checkPortName(name)).toBeDefined());
});

describe('durations', () => {
  test.each([
    [Duration.seconds(4), '4s'],
    [Duration.millis(250), '250ms'],
    [Duration.seconds(90), '1m30s'],
    [Duration.millis(3723500), '1h2m3s500ms'],
  ])('%p renders as %p for both Istio and the Gateway API', (duration, text) => {
    expect(formatDuration(duration)).toStrictEqual({ text });
  });

  test('durations below a millisecond are refused', () => {
    expect(formatDuration(Duration.millis(0)).problem).toBe('0ms is too short: the minimum is 1ms');
  });
});
