import { readFileSync } from 'node:fs';
import { RouteTestSuite } from '../explain/route-tests';
import { parse, strings } from './args';
import { Command, EXIT, UsageError } from './command';
import { formatResult } from './format';
import { loadExplainer } from './load';

/** `check -f dist/ routes-test.yaml`: route expectations for CI. */
export const check: Command = {
  summary: 'check route expectations (request -> backend, status or redirect); exit 1 on a mismatch',
  usage: 'check -f <file|dir> [-f ...] <routes-test.yaml> [...]',
  run(args, io) {
    const { values, positionals } = parse(args, { filename: { type: 'string', short: 'f', multiple: true } });
    if (positionals.length === 0) throw new UsageError('expected a route test file, such as routes-test.yaml');
    const suites = positionals.map((file) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        throw new UsageError(`${file}: no such file`);
      }
      return RouteTestSuite.parse(text, file);
    });
    const explainer = loadExplainer(strings(values.filename), io);
    let passed = 0;
    let failed = 0;
    for (const suite of suites) {
      const report = suite.check(explainer);
      passed += report.passed;
      failed += report.failures.length;
      const failures = new Map(report.failures.map((f) => [f.test, f]));
      for (const test of suite.tests) {
        const failure = failures.get(test);
        if (!failure) {
          io.out(`ok    ${test.name}\n`);
          continue;
        }
        io.out(`FAIL  ${test.name} (${test.source})\n`);
        for (const mismatch of failure.mismatches) io.out(`      ${mismatch}\n`);
        io.out(formatResult(failure.result).replace(/^/gm, '      ').replace(/ +$/gm, ''));
      }
    }
    io.out(`\n${passed} passed, ${failed} failed\n`);
    return failed > 0 ? EXIT.MISMATCH : EXIT.OK;
  },
};
