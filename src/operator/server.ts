import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { customize, HOOK_KINDS, sync } from './hooks';
import { BadRequestError } from './metacontroller';

/** Options of the hook server. */
export interface HookServerOptions {
  /**
   * Largest request body accepted, in bytes; larger ones are answered 413.
   * A sync request carries every related resource, so it grows with the
   * number of ExposedServices: 16 MiB is tens of thousands of them.
   * @default 16777216
   */
  readonly maxBodyBytes?: number;
  /**
   * Time a client has to send a whole request, in milliseconds; a slower one
   * is answered 408 and disconnected. Metacontroller waits 10s for an answer
   * by default, so a request that takes longer to arrive is of no use.
   * @default 10000
   */
  readonly requestTimeoutMs?: number;
  /**
   * Where the one JSON line per hook call (and the server's own events) goes.
   * @default - standard output
   */
  readonly log?: (line: string) => void;
  /**
   * The clock of status conditions.
   * @default - the system clock
   */
  readonly now?: () => Date;
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;
/** Answers to requests Node's parser refuses before any handler sees them. */
const CLIENT_ERRORS: Readonly<Record<string, string>> = {
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
};

/**
 * The HTTP server of the hooks: `POST /sync/<plural>` (also the finalize
 * hook), `POST /customize/<plural>`, `GET /healthz` (the process serves) and
 * `GET /readyz` (it takes hook calls; 503 once draining). Every hook call is
 * answered and logged as one JSON line; bad input is answered 4xx and never
 * stops the process.
 */
export class HookServer {
  private readonly server: Server;
  private readonly maxBodyBytes: number;
  private readonly log: (line: string) => void;
  private readonly now: () => Date;
  private draining = false;

  constructor(options: HookServerOptions = {}) {
    this.maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
    this.log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
    this.now = options.now ?? (() => new Date());
    const requestTimeout = options.requestTimeoutMs ?? 10_000;
    this.server = createServer({ requestTimeout, headersTimeout: Math.min(requestTimeout, 60_000), keepAliveTimeout: 5_000 }, (req, res) => this.handle(req, res));
    // Node checks request timeouts on this interval (30s by default): check often enough for the timeout to hold.
    (this.server as Server & { connectionsCheckingInterval?: number }).connectionsCheckingInterval = Math.min(1000, requestTimeout);
    this.server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      const status = CLIENT_ERRORS[error.code ?? ''] ?? '400 Bad Request';
      if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      this.event('client-error', { httpStatus: Number(status.slice(0, 3)), error: error.message });
    });
  }

  /** Starts listening; resolves with the address (port 0 picks a free port). */
  public listen(port: number, host = '0.0.0.0'): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address() as AddressInfo;
        this.event('listening', { port: address.port, host: address.address });
        resolve(address);
      });
    });
  }

  /**
   * Stops taking hook calls (`/readyz` answers 503), finishes the calls in
   * progress, and closes. Metacontroller retries calls that fail meanwhile.
   */
  public async drain(): Promise<void> {
    this.draining = true;
    this.event('draining', {});
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
    this.event('stopped', {});
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://hook');
    if (url.pathname === '/healthz' || url.pathname === '/readyz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return void this.send(res, 405, { error: 'use GET' }, { Allow: 'GET, HEAD' });
      const ready = url.pathname === '/healthz' || !this.draining;
      return void this.send(res, ready ? 200 : 503, { status: ready ? 'ok' : 'draining' });
    }
    const match = /^\/(sync|customize)\/([a-z]+)$/.exec(url.pathname);
    const kind = match ? HOOK_KINDS.get(match[2]) : undefined;
    if (!match || !kind) {
      return void this.send(res, 404, { error: `no hook at ${url.pathname}; hooks are POST /sync/<plural> and /customize/<plural> for ${[...HOOK_KINDS.keys()].join(', ')}` });
    }
    const hook = match[1];
    const finish = (status: number, body: unknown, fields: Record<string, unknown>) => {
      if (res.headersSent || res.destroyed) return;
      this.send(res, status, body, status === 503 ? { 'Retry-After': '1' } : {});
      this.event('hook', { hook, kind, ...fields, httpStatus: status, durationMs: Number(process.hrtime.bigint() - started) / 1e6 });
    };
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return finish(405, { error: 'hooks take POST' }, { outcome: 'method-not-allowed' });
    }
    if (this.draining) return finish(503, { error: 'draining' }, { outcome: 'draining' });
    if (!JSON_TYPE.test(req.headers['content-type'] ?? '')) {
      return finish(415, { error: 'send the request as Content-Type: application/json' }, { outcome: 'unsupported-media-type' });
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.maxBodyBytes) return this.refuseLarge(req, res, finish);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > this.maxBodyBytes) {
        req.removeAllListeners('data');
        req.removeAllListeners('end');
        this.refuseLarge(req, res, finish);
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        return finish(400, { error: `the body is not JSON: ${(e as Error).message}` }, { outcome: 'malformed-json' });
      }
      try {
        if (hook === 'customize') {
          const response = customize(kind, body);
          return finish(200, response, { parent: parentName(body), outcome: 'customized', related: response.relatedResources.length });
        }
        const outcome = sync(kind, body, this.now());
        return finish(200, outcome.response, { parent: outcome.parent, outcome: outcome.reason, ready: outcome.ready, children: outcome.response.children.length });
      } catch (e) {
        if (e instanceof BadRequestError) return finish(400, { error: e.message }, { parent: parentName(body), outcome: 'bad-request', error: e.message });
        // A bug, not bad input: answer 500 so that Metacontroller retries with backoff, and keep serving.
        return finish(500, { error: 'internal error' }, { parent: parentName(body), outcome: 'internal-error', error: (e as Error)?.stack ?? String(e) });
      }
    });
  }

  private refuseLarge(req: IncomingMessage, res: ServerResponse, finish: (status: number, body: unknown, fields: Record<string, unknown>) => void): void {
    res.setHeader('Connection', 'close');
    finish(413, { error: `the body is larger than ${this.maxBodyBytes} bytes` }, { outcome: 'too-large' });
    // Stop reading what the client still sends; the connection closes once the answer is out.
    req.pause();
    res.on('finish', () => req.socket.destroy());
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  private event(msg: string, fields: Record<string, unknown>): void {
    this.log(JSON.stringify({ time: this.now().toISOString(), msg, ...fields }));
  }
}

function parentName(body: unknown): string | undefined {
  const metadata = (body as { parent?: { metadata?: { namespace?: unknown; name?: unknown } } } | null)?.parent?.metadata;
  if (!metadata || typeof metadata.name !== 'string') return undefined;
  return `${typeof metadata.namespace === 'string' ? metadata.namespace : ''}/${metadata.name}`;
}
