import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalid, show } from '../errors';
import { CorsModel } from '../model/types';
import { checkHeaderName } from '../checks/http';
import { wholeSecondsProp } from './duration';
import { HttpMethod } from './match';
import { Mutable } from '../model/mutable';
import { CORS_ORIGIN } from '../checks/http';
import { checkKnownKeys, propNames } from './props';

/** The Gateway API's limit on origins and on header lists. */
const MAX_LIST = 64;

/**
 * Cross-Origin Resource Sharing: the gateway answers browsers' preflight
 * requests and adds the `Access-Control-*` headers, so the backend need not.
 *
 * @see https://gateway-api.sigs.k8s.io/guides/http-cors/
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#CorsPolicy
 */
export interface CorsPolicy {
  /**
   * Origins allowed to call the route: `scheme://host[:port]` exactly as
   * browsers send it (`https://app.example.com`), or `*` alone for any origin.
   * Wildcard subdomains (`https://*.example.com`) are not accepted: Istio
   * matches Gateway API origins exactly.
   */
  readonly allowOrigins: string[];
  /**
   * Methods allowed in cross-origin requests.
   * @default - none besides the CORS-safelisted GET, HEAD and POST
   */
  readonly allowMethods?: HttpMethod[];
  /**
   * Request headers allowed in cross-origin requests, or `*` alone for any.
   * @default - none besides the CORS-safelisted ones
   */
  readonly allowHeaders?: string[];
  /**
   * Response headers the browser lets scripts read, or `*` alone for all.
   * @default - none besides the CORS-safelisted ones
   */
  readonly exposeHeaders?: string[];
  /**
   * Whether requests may carry credentials (cookies, client certificates, `Authorization`).
   * @default false
   */
  readonly allowCredentials?: boolean;
  /**
   * How long browsers may cache the answer to a preflight request, in whole seconds.
   * @default - the browser's default (5 seconds)
   */
  readonly maxAge?: Duration;
}

const CORS_POLICY_PROPS = propNames<CorsPolicy>({ allowOrigins: true, allowMethods: true, allowHeaders: true, exposeHeaders: true, allowCredentials: true, maxAge: true });

/** Validates a CORS policy. */
export function corsToModel(scope: IConstruct, field: string, cors: CorsPolicy): CorsModel {
  if (cors === null || typeof cors !== 'object') invalid(scope, field, `expected a CorsPolicy such as { allowOrigins: ['https://app.example.com'] }, received ${show(cors)}`);
  checkKnownKeys(scope, field, cors, CORS_POLICY_PROPS);
  const model: Mutable<CorsModel> = { allowOrigins: origins(scope, `${field}.allowOrigins`, cors.allowOrigins) };
  if (cors.allowMethods !== undefined) {
    const methods = list(scope, `${field}.allowMethods`, cors.allowMethods, Object.values(HttpMethod).length);
    methods.forEach((method, i) => {
      if (!Object.values(HttpMethod).includes(method)) {
        invalid(scope, `${field}.allowMethods[${i}]`, `${show(method)} is not an HTTP method; allowed: ${Object.values(HttpMethod).join(', ')}`);
      }
    });
    model.allowMethods = unique(scope, `${field}.allowMethods`, methods, (m) => m);
  }
  for (const key of ['allowHeaders', 'exposeHeaders'] as const) {
    if (cors[key] === undefined) continue;
    const names = list(scope, `${field}.${key}`, cors[key]!, MAX_LIST);
    names.forEach((name, i) => {
      const problem = checkHeaderName(name);
      if (problem) invalid(scope, `${field}.${key}[${i}]`, `${show(name)} ${problem}`);
      if (name === '*' && names.length > 1) invalid(scope, `${field}.${key}[${i}]`, '"*" already stands for every header; give it alone, or list headers without it');
    });
    model[key] = unique(scope, `${field}.${key}`, names.map((n) => n.toLowerCase()), (n) => n);
  }
  if (cors.allowCredentials !== undefined) {
    if (typeof cors.allowCredentials !== 'boolean') invalid(scope, `${field}.allowCredentials`, `expected true or false, received ${show(cors.allowCredentials)}`);
    if (cors.allowCredentials) model.allowCredentials = true;
  }
  if (cors.maxAge !== undefined) {
    model.maxAgeSeconds = wholeSecondsProp(scope, `${field}.maxAge`, cors.maxAge, 'Duration.minutes(10)', 'browsers and Istio count in seconds');
  }
  return model;
}

function origins(scope: IConstruct, field: string, values: string[]): string[] {
  if (values === undefined) invalid(scope, field, 'is required: the origins allowed to call the route, e.g. ["https://app.example.com"], or ["*"]');
  const all = list(scope, field, values, MAX_LIST);
  if (all.length === 0) invalid(scope, field, 'allows no origin; list the origins allowed to call the route, or ["*"]');
  all.forEach((origin, i) => {
    if (origin === '*') {
      if (all.length > 1) invalid(scope, `${field}[${i}]`, '"*" already allows every origin; give it alone, or list origins without it');
      return;
    }
    if (typeof origin !== 'string' || !CORS_ORIGIN.test(origin)) {
      invalid(
        scope,
        `${field}[${i}]`,
        `${show(origin)} is not an origin: use scheme://host[:port] in lower case, without path or trailing "/" (e.g. "https://app.example.com"), or "*"` +
          (typeof origin === 'string' && origin.includes('*') ? '; wildcard subdomains are matched literally by Istio, so list each origin' : ''),
      );
    }
    const port = /:(\d+)$/.exec(origin)?.[1];
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) invalid(scope, `${field}[${i}]`, `${show(origin)} has port ${port}; ports go from 1 to 65535`);
  });
  return unique(scope, field, all, (o) => o);
}

function list<T>(scope: IConstruct, field: string, values: T[], max: number): T[] {
  if (!Array.isArray(values)) invalid(scope, field, `expected a list, received ${show(values)}`);
  if (values.length > max) invalid(scope, field, `has ${values.length} entries; at most ${max} are allowed`);
  return values;
}

function unique<T>(scope: IConstruct, field: string, values: T[], key: (value: T) => string): T[] {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (seen.has(key(value))) invalid(scope, `${field}[${i}]`, `${show(value)} is listed twice`);
    seen.add(key(value));
  });
  return values;
}
