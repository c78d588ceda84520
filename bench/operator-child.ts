import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { request } from 'node:http';
import { AddressInfo, connect, createServer } from 'node:net';
import { join } from 'node:path';

/**
 * Load on the operator's sync hook, run by the harness:
 *
 *   node lib/bench/operator-child.js <service|gateway> <requests> <clients> [<calls per second>]
 *
 * Starts one hook process (`cdk8s-istio-ingress operator`, the bin as
 * deployed) and, from this process, `clients` concurrent keep-alive clients
 * (raw HTTP/1.1, see `client`) that send `requests` sync calls between them, each as Metacontroller
 * would: the parent, its children map and every related resource. Scenarios:
 * `service`, an ExposedService with four routes (its gateway related);
 * `gateway`, an IngressGateway with 100 attached ExposedServices related.
 * Without a rate the clients send as fast as answers come (saturation:
 * latency is then the queue of 50 calls in flight); with one, they are paced
 * to offer that many calls per second together. A warm-up of a tenth of the
 * calls runs first. Prints one JSON line
 * (OperatorMeasurement).
 */

export interface OperatorMeasurement {
  readonly scenario: string;
  readonly requests: number;
  readonly clients: number;
  /** Calls per second offered (paced clients), or undefined: as fast as answers come (saturation). */
  readonly offeredPerSecond?: number;
  readonly requestBytes: number;
  readonly wallMs: number;
  readonly syncsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly errors: number;
}

const GROUP = 'cdk8s-istio-ingress.github.io/v1alpha1';

function resource(kind: string, namespace: string, name: string, spec: object) {
  return { apiVersion: GROUP, kind, metadata: { name, namespace, generation: 3, uid: `${kind}-${name}`, creationTimestamp: '2026-01-01T00:00:00Z' }, spec };
}

function service(i: number, routes: number) {
  return resource('ExposedService', 'shop', `svc-${i}`, {
    gateway: { name: 'public', namespace: 'istio-ingress' },
    backend: { serviceName: `svc-${i}`, port: 8000, portName: 'http' },
    hosts: [`svc-${i}.example.com`],
    routes: Array.from({ length: routes }, (_, r) => ({
      name: `route-${r}`,
      matches: [{ path: { prefix: `/api/v${r}` } }, { path: { exact: `/v${r}/health` }, method: 'GET' }],
      timeout: '10s',
      retries: { attempts: 2, perTryTimeout: '2s', retryOn: ['gateway-error', 'connect-failure'] },
      requestHeaders: { set: { 'x-route': `route-${r}` } },
    })),
  });
}

function body(scenario: string): { path: string; text: string } {
  const gateway = resource('IngressGateway', 'istio-ingress', 'public', { proxy: { bundled: { replicas: 2 } } });
  const related = (objects: { kind: string; metadata: { namespace: string; name: string } }[]) => {
    const map: Record<string, Record<string, unknown>> = {};
    for (const o of objects) (map[`${o.kind}.${GROUP}`] ??= {})[`${o.metadata.namespace}/${o.metadata.name}`] = o;
    return map;
  };
  if (scenario === 'service') {
    const parent = service(0, 4);
    return {
      path: '/sync/exposedservices',
      text: JSON.stringify({ controller: {}, parent, children: { 'VirtualService.networking.istio.io/v1': {} }, related: related([gateway, parent]), finalizing: false }),
    };
  }
  const services = Array.from({ length: 100 }, (_, i) => service(i, 2));
  return {
    path: '/sync/ingressgateways',
    text: JSON.stringify({ controller: {}, parent: gateway, children: { 'Deployment.apps/v1': {}, 'Service.v1': {}, 'Gateway.networking.istio.io/v1': {} }, related: related([gateway, ...services]), finalizing: false }),
  };
}

/** A port nobody listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function startHook(): Promise<{ port: number; stop: () => void }> {
  const port = await freePort();
  // The hook's log lines go where a container runtime would put them, off this process's event loop.
  const log = openSync('/dev/null', 'w');
  const child = spawn(process.execPath, [join(__dirname, '..', 'src', 'cli', 'main.js'), 'operator'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', log, 'inherit'] });
  const stop = () => child.kill('SIGTERM');
  for (let attempt = 0; attempt < 100; attempt++) {
    const ready = await new Promise<boolean>((resolve) => {
      request({ host: '127.0.0.1', port, path: '/readyz' }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      }).on('error', () => resolve(false)).end();
    });
    if (ready) return { port, stop };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  stop();
  throw new Error('the hook did not become ready');
}

/**
 * One keep-alive connection sending the same request over and over, as a
 * plain HTTP/1.1 byte stream: the load generator shares the machine with
 * the hook, and Node's HTTP client costs more CPU per call than the hook's
 * render, so it would measure itself.
 */
function client(port: number, payload: Buffer, take: () => boolean, latencies: number[], intervalMs: number | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    let errors = 0;
    let buffered: Buffer = Buffer.alloc(0);
    let sent = 0n;
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    // Paced: each call has a scheduled time, and its latency counts from then, so a slow answer
    // that delays the next call is not hidden (no coordinated omission).
    let scheduled = process.hrtime.bigint() + BigInt(Math.round(Math.random() * (intervalMs ?? 0) * 1e6));
    const send = () => {
      if (!take()) {
        socket.end();
        return;
      }
      if (intervalMs === undefined) {
        sent = process.hrtime.bigint();
        socket.write(payload);
        return;
      }
      sent = scheduled;
      scheduled += BigInt(Math.round(intervalMs * 1e6));
      const wait = Number(sent - process.hrtime.bigint()) / 1e6;
      if (wait > 0) setTimeout(() => socket.write(payload), wait);
      else socket.write(payload);
    };
    socket.on('connect', send);
    socket.on('data', (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      const headerEnd = buffered.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const head = buffered.subarray(0, headerEnd).toString('latin1');
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffered.length < headerEnd + 4 + length) return;
      if (!head.startsWith('HTTP/1.1 200')) errors++;
      buffered = buffered.subarray(headerEnd + 4 + length);
      latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
      send();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(errors));
  });
}

async function load(port: number, path: string, text: string, requests: number, clients: number, rate?: number): Promise<{ latencies: number[]; errors: number; wallMs: number }> {
  const body = Buffer.from(text);
  const payload = Buffer.concat([
    Buffer.from(`POST ${path} HTTP/1.1\r\nHost: hook\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`, 'latin1'),
    body,
  ]);
  const latencies: number[] = [];
  let next = 0;
  const take = () => next++ < requests;
  const started = process.hrtime.bigint();
  const intervalMs = rate === undefined ? undefined : (clients / rate) * 1000;
  const errors = (await Promise.all(Array.from({ length: clients }, () => client(port, payload, take, latencies, intervalMs)))).reduce((a, b) => a + b, 0);
  return { latencies, errors, wallMs: Number(process.hrtime.bigint() - started) / 1e6 };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const [scenario, requestsText, clientsText, rateText] = process.argv.slice(2);
  const requests = Number(requestsText);
  const clients = Number(clientsText);
  const rate = rateText === undefined ? undefined : Number(rateText);
  const { path, text } = body(scenario);
  const hook = await startHook();
  try {
    await load(hook.port, path, text, Math.max(clients, Math.round(requests / 10)), clients);
    const { latencies, errors, wallMs } = await load(hook.port, path, text, requests, clients, rate);
    const sorted = [...latencies].sort((a, b) => a - b);
    const measurement: OperatorMeasurement = {
      scenario,
      requests,
      clients,
      ...(rate === undefined ? {} : { offeredPerSecond: rate }),
      requestBytes: Buffer.byteLength(text),
      wallMs,
      syncsPerSecond: (requests / wallMs) * 1000,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      maxMs: sorted[sorted.length - 1],
      errors,
    };
    process.stdout.write(`${JSON.stringify(measurement)}\n`);
  } finally {
    hook.stop();
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
