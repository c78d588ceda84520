#!/usr/bin/env node
import { ManifestError, RequestError } from '../explain/errors';
import { runKrm, runOperator } from '../operator/cli';
import { check } from './check';
import { Command, EXIT, Io, UsageError } from './command';
import { explain } from './explain';
import { routes } from './routes';

/** The subcommands: adding one is one line here. */
const COMMANDS: Readonly<Record<string, Command>> = {
  explain,
  routes,
  check,
  operator: {
    summary: 'serve the Metacontroller hooks of operator mode on $PORT (default 8080)',
    usage: 'operator   (port from $PORT; stops on SIGTERM after draining)',
    run: async () => {
      await runOperator();
      return EXIT.OK;
    },
  },
  krm: {
    summary: 'render the custom resources of a KRM ResourceList (standard input to standard output)',
    usage: 'krm < resource-list.yaml',
    run: () => runKrm(),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    'usage: cdk8s-istio-ingress <command> [options]',
    '',
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    '',
    'Run "cdk8s-istio-ingress <command> --help" for its options.',
    'Exit codes: 0 all is well, 1 a check failed, 2 bad input.',
    '',
  ].join('\n');
}

/** Runs the CLI on `argv` (without node and the script); returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === undefined) {
      io.err(usage());
      return EXIT.BAD_INPUT;
    }
    io.out(usage());
    return EXIT.OK;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(`cdk8s-istio-ingress: unknown command ${JSON.stringify(name)}; commands: ${Object.keys(COMMANDS).join(', ')}\n`);
    return EXIT.BAD_INPUT;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`usage: cdk8s-istio-ingress ${command.usage}\n`);
    return EXIT.OK;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ManifestError || error instanceof RequestError) {
      io.err(`cdk8s-istio-ingress ${name}: ${error.message.split('\n')[0]}\n`);
      return EXIT.BAD_INPUT;
    }
    io.err(`cdk8s-istio-ingress ${name}: internal error, please report it: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.INTERNAL;
  }
}

if (require.main === module) {
  const io: Io = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
