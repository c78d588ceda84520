#!/usr/bin/env node
import { runKrm, runOperator } from '../operator/cli';

/** The subcommands of `npx cdk8s-istio-ingress <command>`. */
const COMMANDS: Readonly<Record<string, { readonly summary: string; readonly run: (args: readonly string[]) => Promise<number> }>> = {
  operator: {
    summary: 'serve the Metacontroller hooks of operator mode on $PORT (default 8080)',
    run: async () => {
      await runOperator();
      return 0;
    },
  },
  krm: {
    summary: 'render the custom resources of a KRM ResourceList (standard input to standard output)',
    run: () => runKrm(),
  },
};

/** Runs the command line; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  const entry = command === undefined ? undefined : Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!entry) {
    const usage = Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`).join('\n');
    process.stderr.write(`${command === undefined ? '' : `unknown command ${JSON.stringify(command)}\n`}usage: cdk8s-istio-ingress <command>\n${usage}\n`);
    return 2;
  }
  return entry.run(args);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error)?.message ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
