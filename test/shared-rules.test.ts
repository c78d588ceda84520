import { HttpMethod } from '../src';
import { HTTP_METHODS } from '../src/checks/http';
import { goDuration } from '../src/checks/cert-manager';
import { formatMillis } from '../src/model/durations';

/**
 * Rules the constructs and the model checks share live once, in src/checks
 * or src/model; where a public type restates one, they must agree.
 */

test('the methods the model accepts are those of the public HttpMethod enum', () => {
  expect([...HTTP_METHODS]).toStrictEqual(Object.values(HttpMethod));
});

test('one duration formatter: whole units, the sign of a negative duration kept, fractions rounded', () => {
  expect(formatMillis(0)).toBe('0s');
  expect(formatMillis(5_400_000)).toBe('1h30m');
  expect(formatMillis(250.4)).toBe('250ms');
  expect(formatMillis(-300_000)).toBe('-5m');
  // cert-manager's messages print Go durations with the same formatter (a negative one was printed as 55m).
  expect(goDuration(-300_000)).toBe('-5m');
  expect(goDuration(90 * 24 * 3_600_000)).toBe('2160h');
});
