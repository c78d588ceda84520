import { RoutingDiagram } from '../explain/diagram';
import { gatewayArg, parse, strings } from './args';
import { Command, EXIT, UsageError } from './command';
import { formatRoutes } from './format';
import { loadExplainer } from './load';

const FORMATS = ['text', 'json', 'mermaid', 'dot'];

/** `routes -f dist/ [--format text|json|mermaid|dot] [--gateway ns/name]` */
export const routes: Command = {
  summary: 'the routing table per gateway, listener and host, in the order Istio applies it',
  usage: 'routes -f <file|dir> [-f ...] [--format text|json|mermaid|dot] [--gateway namespace/name]',
  run(args, io) {
    const { values, positionals } = parse(args, {
      filename: { type: 'string', short: 'f', multiple: true },
      format: { type: 'string' },
      gateway: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    const [format = 'text'] = strings(values.format);
    if (!FORMATS.includes(format)) throw new UsageError(`--format ${JSON.stringify(format)}: expected ${FORMATS.join(', ')}`);
    const explainer = loadExplainer(strings(values.filename), io);
    let table = explainer.routes();
    const gateway = gatewayArg(values.gateway);
    if (gateway) {
      const wanted = gateway.namespace ? `${gateway.namespace}/${gateway.name}` : gateway.name;
      const gateways = table.gateways.filter((g) => g.name.split(', ').some((n) => n === wanted || (!gateway.namespace && n.endsWith(`/${gateway.name}`))));
      if (gateways.length === 0) throw new UsageError(`unknown gateway ${wanted}; the input has ${table.gateways.map((g) => g.name).join('; ') || 'no gateway'}`);
      table = { gateways };
    }
    if (format === 'json') io.out(`${JSON.stringify(table, null, 2)}\n`);
    else if (format === 'mermaid') io.out(RoutingDiagram.mermaid(table));
    else if (format === 'dot') io.out(RoutingDiagram.dot(table));
    else io.out(formatRoutes(table));
    return EXIT.OK;
  },
};
