import { gatewayArg, parse, strings } from './args';
import { Command, EXIT, UsageError } from './command';
import { formatResult } from './format';
import { loadExplainer } from './load';

const METHOD = /^[A-Za-z]+$/;

/** `explain -f dist/ GET http://host/path [-H 'name: value'] [--gateway ns/name] [--json]` */
export const explain: Command = {
  summary: 'which backend answers a request, and why',
  usage:
    'explain -f <file|dir> [-f ...] [METHOD] <url> [-H "name: value"] [--gateway namespace/name] [--json]\n' +
    '  e.g. explain -f dist/ GET http://httpbin.example.com/status/200 -H "x-canary: always"',
  run(args, io) {
    const { values, positionals } = parse(args, {
      filename: { type: 'string', short: 'f', multiple: true },
      header: { type: 'string', short: 'H', multiple: true },
      gateway: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length === 0 || positionals.length > 2) throw new UsageError('expected a URL (and optionally a method before it), such as GET http://httpbin.example.com/status/200');
    const [method, url] = positionals.length === 1 ? ['GET', positionals[0]] : positionals;
    if (!METHOD.test(method)) throw new UsageError(`${JSON.stringify(method)} is not an HTTP method`);
    const headers: Record<string, string> = {};
    for (const header of strings(values.header)) {
      const colon = header.indexOf(':');
      if (colon <= 0) throw new UsageError(`-H ${JSON.stringify(header)}: expected "name: value"`);
      headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
    }
    const explainer = loadExplainer(strings(values.filename), io);
    const gateway = gatewayArg(values.gateway);
    const result = explainer.explain({ method: method.toUpperCase(), url, headers, ...(gateway ? { gateway } : {}) });
    io.out(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatResult(result));
    return EXIT.OK;
  },
};
