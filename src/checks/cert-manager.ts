import { formatMillis } from '../model/durations';

/**
 * What cert-manager's webhook accepts in a Certificate's `duration` and
 * `renewBefore` (cert-manager `internal/apis/certmanager/validation/certificate.go`,
 * `ValidateDuration`, with the limits of `pkg/apis/certmanager/v1/const.go`):
 *
 * - `duration`, or 90 days when it is not set (`DefaultCertificateDuration`),
 *   at least one hour (`MinimumCertificateDuration`);
 * - `renewBefore` at least 5 minutes (`MinimumRenewBefore`), and shorter
 *   than the duration (`renewBefore >= duration` is refused).
 *
 * Refused there, the Certificate never exists and the gateway serves no
 * certificate; refused here, the message says why.
 */
const HOUR = 3600_000;
/** cert-manager's `MinimumCertificateDuration`. */
export const CERT_MANAGER_MIN_DURATION_MS = HOUR;
/** cert-manager's `DefaultCertificateDuration`, which applies when `duration` is not set. */
export const CERT_MANAGER_DEFAULT_DURATION_MS = 90 * 24 * HOUR;
/** cert-manager's `MinimumRenewBefore`. */
export const CERT_MANAGER_MIN_RENEW_BEFORE_MS = 5 * 60_000;

/** A problem of one of the two fields. */
export interface CertManagerTimeProblem {
  readonly field: 'duration' | 'renewBefore';
  readonly message: string;
}

/** The problems of a Certificate's `duration` and `renewBefore`, in milliseconds (undefined: not set). */
export function checkCertManagerTimes(durationMs: number | undefined, renewBeforeMs: number | undefined): CertManagerTimeProblem[] {
  const problems: CertManagerTimeProblem[] = [];
  if (durationMs !== undefined && durationMs < CERT_MANAGER_MIN_DURATION_MS) {
    problems.push({ field: 'duration', message: `${goDuration(durationMs)} is shorter than cert-manager's minimum certificate duration, 1h, so cert-manager refuses the Certificate: give at least 1h` });
  }
  if (renewBeforeMs !== undefined) {
    const duration = durationMs ?? CERT_MANAGER_DEFAULT_DURATION_MS;
    if (renewBeforeMs < CERT_MANAGER_MIN_RENEW_BEFORE_MS) {
      problems.push({ field: 'renewBefore', message: `${goDuration(renewBeforeMs)} is shorter than cert-manager's minimum renewBefore, 5m, so cert-manager refuses the Certificate: give at least 5m` });
    } else if (renewBeforeMs >= duration) {
      problems.push({
        field: 'renewBefore',
        message:
          `${goDuration(renewBeforeMs)} is not shorter than the certificate's duration (${goDuration(duration)}${durationMs === undefined ? ", cert-manager's default" : ''}), ` +
          'so cert-manager refuses the Certificate: renew before less than the duration, e.g. a third of it',
      });
    }
  }
  return problems;
}

/** A duration in milliseconds as Go prints it, in whole units (`2160h`, `1h30m`, `5m`, `250ms`): the model's own format. */
export const goDuration = formatMillis;

const GO_DURATION = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/;
const GO_DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g;
const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: HOUR };

/** A Go duration (`time.ParseDuration`, which Kubernetes' metav1.Duration uses) in milliseconds; undefined when it is not one. */
export function parseGoDuration(text: unknown): number | undefined {
  if (text === '0') return 0;
  if (typeof text !== 'string' || !GO_DURATION.test(text)) return undefined;
  let millis = 0;
  for (const [, amount, unit] of text.matchAll(GO_DURATION_PART)) millis += Number(amount) * UNIT_MS[unit];
  return text.startsWith('-') ? -millis : millis;
}
