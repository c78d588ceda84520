import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// The README's Gateway API CRD install step, run as written (extracted from
// between its markers) by bash and by sh, against a fake `kubectl` on PATH
// that answers the version query with canned output and records what it is
// asked to do.

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const SNIPPET = /<!-- gateway-api-crds:start -->\n```sh\n([\s\S]*?)```\n<!-- gateway-api-crds:end -->/.exec(README)?.[1];
const QUERY =
  'get crd gateways.gateway.networking.k8s.io --ignore-not-found -o ' +
  'jsonpath={.metadata.annotations.gateway\\.networking\\.k8s\\.io/bundle-version}/{.metadata.annotations.gateway\\.networking\\.k8s\\.io/channel}';
const INSTALL = 'apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.6.1/standard-install.yaml';

/** A fake kubectl: prints $FAKE_ANSWER for the exact version query (exit $FAKE_STATUS), logs every call. */
const FAKE_KUBECTL = `#!/bin/sh
printf '%s\\n' "$*" >> "$FAKE_LOG"
if [ "$*" = ${JSON.stringify(QUERY)} ]; then
  printf '%s' "$FAKE_ANSWER"
  exit "\${FAKE_STATUS:-0}"
fi
case "$1" in apply) exit 0 ;; esac
echo "fake kubectl: unexpected call: $*" >&2
exit 2
`;

interface Outcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** kubectl calls after the version query. */
  readonly calls: string[];
}

function runSnippet(shell: string, answer: string, kubectlStatus = 0): Outcome {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-api-crds-'));
  writeFileSync(join(dir, 'kubectl'), FAKE_KUBECTL);
  chmodSync(join(dir, 'kubectl'), 0o755);
  const log = join(dir, 'calls.log');
  // No startup files: bash reads ~/.bashrc when it guesses it runs remotely, and the user's files are no part of the snippet.
  const args = shell === 'bash' ? ['--noprofile', '--norc', '-c', SNIPPET!] : ['-c', SNIPPET!];
  const result = spawnSync(shell, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { HOME: dir, PATH: `${dir}:${process.env.PATH}`, FAKE_LOG: log, FAKE_ANSWER: answer, FAKE_STATUS: String(kubectlStatus) },
  });
  const calls = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l !== '') : [];
  expect(calls[0]).toBe(QUERY);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls: calls.slice(1) };
}

const SHELLS = ['bash', 'sh'].filter((shell) => spawnSync(shell, ['-c', 'true']).status === 0);

describe('the README installs the Gateway API CRDs only when they are missing or too old', () => {
  test('the snippet is in the README', () => {
    expect(SNIPPET).toMatch(/^\(\n[\s\S]*\n\)\n$/);
    expect(SHELLS).toContain('bash');
  });

  describe.each(SHELLS)('with %s', (shell) => {
    test('installs v1.6.1 when no Gateway CRD exists', () => {
      const outcome = runSnippet(shell, '');
      expect(outcome).toStrictEqual({ status: 0, stdout: 'Gateway API not installed: installing v1.6.1\n', stderr: '', calls: [INSTALL] });
    });

    test.each(['v1.0.0/standard', 'v1.4.1/standard', 'v1.4.1/'])('upgrades an older standard installation (%s)', (answer) => {
      const version = answer.split('/')[0];
      const outcome = runSnippet(shell, answer);
      expect(outcome).toStrictEqual({ status: 0, stdout: `Gateway API ${version} is older than v1.5.0: upgrading to v1.6.1\n`, stderr: '', calls: [INSTALL] });
    });

    test.each(['v1.5.0/standard', 'v1.6.1/standard', 'v1.10.0/standard', 'v2.0.0/'])('keeps a recent enough installation (%s), comparing versions, not strings', (answer) => {
      const version = answer.split('/')[0];
      const outcome = runSnippet(shell, answer);
      expect(outcome).toStrictEqual({ status: 0, stdout: `Gateway API ${version} is installed (v1.5.0 or later needed)\n`, stderr: '', calls: [] });
    });

    test('leaves the experimental channel alone', () => {
      const outcome = runSnippet(shell, 'v1.4.1/experimental');
      expect(outcome).toStrictEqual({ status: 0, stdout: '', stderr: 'Gateway API v1.4.1, experimental channel: left alone; it must be v1.5.0 or later\n', calls: [] });
    });

    test('asks for a manual upgrade when the CRD has no bundle-version annotation', () => {
      const outcome = runSnippet(shell, '/');
      expect(outcome.calls).toStrictEqual([]);
      expect(outcome.stderr).toBe('Gateway API CRDs without a bundle-version annotation (older than v0.5): upgrade them to v1.6.1 by hand\n');
    });

    test('installs nothing when kubectl cannot reach the cluster', () => {
      const outcome = runSnippet(shell, '', 1);
      expect(outcome).toStrictEqual({ status: 0, stdout: '', stderr: 'cannot read the Gateway API CRDs: is kubectl pointed at the cluster?\n', calls: [] });
    });
  });
});
