import { krmFunction } from './krm';
import { HookServer } from './server';

/** How long SIGTERM waits for hook calls in progress before the process exits anyway. */
const DRAIN_TIMEOUT_MS = 25_000;

/**
 * `cdk8s-istio-ingress operator`: serves Metacontroller's hooks on `PORT`
 * (8080 by default) until SIGTERM or SIGINT, then drains: `/readyz` fails so
 * that the Service stops sending calls, calls in progress finish, and the
 * process exits (Kubernetes waits terminationGracePeriodSeconds, 30s by
 * default, before killing it).
 */
export async function runOperator(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const port = env.PORT === undefined || env.PORT === '' ? 8080 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number from 0 to 65535, received ${JSON.stringify(env.PORT)}`);
  const server = new HookServer();
  await server.listen(port);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      const timer = setTimeout(resolve, DRAIN_TIMEOUT_MS);
      timer.unref();
      void server.drain().then(() => {
        clearTimeout(timer);
        resolve();
      });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

/** `cdk8s-istio-ingress krm`: a ResourceList on standard input, the rendered one on standard output; returns the exit code. */
export async function runKrm(stdin: NodeJS.ReadableStream = process.stdin, stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  const output = krmFunction(Buffer.concat(chunks).toString('utf8'));
  if (output.stdout) stdout.write(output.stdout);
  if (output.stderr) stderr.write(output.stderr);
  return output.exitCode;
}
