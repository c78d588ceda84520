import { IConstruct } from 'constructs';
import { invalid, show } from '../errors';
import { MatchModel, RewriteModel } from '../model/types';
import { checkDnsSubdomain } from '../checks/names';
import { PathModifier, pathModifierToModel } from './path-modifier';
import { checkKnownKeys, propNames } from './props';
import { definedFields } from '../model/objects';

/**
 * Changes made to a request before it is forwarded; the client does not see
 * them (unlike a redirect).
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpurlrewritefilter
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRewrite
 */
export interface UrlRewrite {
  /**
   * The new path.
   * @default - the path is forwarded unchanged
   */
  readonly path?: PathModifier;
  /**
   * The Host header sent to the backend: a DNS name without port.
   * @default - the Host header is forwarded unchanged
   */
  readonly hostname?: string;
}

const URL_REWRITE_PROPS = propNames<UrlRewrite>({ path: true, hostname: true });

/** Validates a URL rewrite of a route with these matches. */
export function rewriteToModel(scope: IConstruct, field: string, rewrite: UrlRewrite, matches: readonly MatchModel[]): RewriteModel {
  if (rewrite === null || typeof rewrite !== 'object') invalid(scope, field, `expected a UrlRewrite such as { path: PathModifier.replacePrefixMatch('/') }, received ${show(rewrite)}`);
  checkKnownKeys(scope, field, rewrite, URL_REWRITE_PROPS);
  if (rewrite.path === undefined && rewrite.hostname === undefined) invalid(scope, field, 'rewrites nothing: set path, hostname or both');
  return definedFields({
    path: rewrite.path === undefined ? undefined : pathModifierToModel(scope, `${field}.path`, rewrite.path, matches),
    hostname: rewrite.hostname === undefined ? undefined : checkPreciseHostname(scope, `${field}.hostname`, rewrite.hostname),
  });
}

/** A host name as the Gateway API's rewrite and redirect filters accept it: lower-case DNS name, no wildcard, no port. */
export function checkPreciseHostname(scope: IConstruct, field: string, hostname: string): string {
  const problem = checkDnsSubdomain(hostname);
  if (problem) invalid(scope, field, `${show(hostname)} ${problem}; give a host name without wildcard or port`);
  return hostname;
}
