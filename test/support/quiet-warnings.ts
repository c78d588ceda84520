// Every TLS test that uses CertificateSource.fromPem() would print the
// private-key warning; test/pem-warning.test.ts checks it, so the rest of the
// suite drops exactly that warning (by its code) and keeps every other one.
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
process.emitWarning = ((warning: unknown, options?: unknown, ...rest: unknown[]) => {
  if (typeof options === 'object' && options !== null && (options as { code?: unknown }).code === 'CDK8S_ISTIO_INGRESS_PEM_KEY') return;
  emitWarning(warning, options, ...rest);
}) as typeof process.emitWarning;
