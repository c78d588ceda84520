import { IConstruct } from 'constructs';
import { invalid, show } from '../errors';
import { MatchModel, RedirectModel } from '../model/types';
import { REDIRECT_STATUS_CODES } from '../checks/http';
import { checkPort } from '../checks/names';
import { PathModifier, pathModifierToModel } from './path-modifier';
import { checkKnownKeys, isOptionsObject, propNames } from './props';
import { checkPreciseHostname } from './url-rewrite';
import { definedFields } from '../model/objects';

/** The scheme a redirect sends clients to. */
export enum RedirectScheme {
  HTTP = 'http',
  HTTPS = 'https',
}

/**
 * An answer telling the client to request another URL (the `Location`
 * header); the request is not forwarded. Each part left unset is kept from
 * the request.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestredirectfilter
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRedirect
 */
export interface RequestRedirect {
  /**
   * The scheme of the new URL.
   * @default - the request's scheme
   */
  readonly scheme?: RedirectScheme;
  /**
   * The host of the new URL: a DNS name without port.
   * @default - the request's host
   */
  readonly hostname?: string;
  /**
   * The port of the new URL.
   * @default - the new scheme's default port (80 or 443) when `scheme` is set, else the request's port
   */
  readonly port?: number;
  /**
   * The path of the new URL. `PathModifier.replacePrefixMatch()` is only
   * available with the Gateway API (Istio's redirect can only replace the
   * whole path).
   * @default - the request's path
   */
  readonly path?: PathModifier;
  /**
   * The status code: 301 or 308 (permanent), 302, 303 or 307 (temporary);
   * 307 and 308 make the client repeat the method and body.
   * @default 302
   */
  readonly statusCode?: number;
}

const REQUEST_REDIRECT_PROPS = propNames<RequestRedirect>({ scheme: true, hostname: true, port: true, path: true, statusCode: true });

/** Validates a redirect of a route with these matches. */
export function redirectToModel(scope: IConstruct, field: string, redirect: RequestRedirect, matches: readonly MatchModel[]): RedirectModel {
  if (!isOptionsObject(redirect)) invalid(scope, field, `expected a RequestRedirect such as { scheme: RedirectScheme.HTTPS }, received ${show(redirect)}`);
  checkKnownKeys(scope, field, redirect, REQUEST_REDIRECT_PROPS);
  const { scheme, hostname, port, path, statusCode = 302 } = redirect;
  if (scheme === undefined && hostname === undefined && port === undefined && path === undefined) {
    invalid(scope, field, 'redirects to the URL that was requested: set at least one of scheme, hostname, port and path');
  }
  if (scheme !== undefined && !Object.values(RedirectScheme).includes(scheme)) {
    invalid(scope, `${field}.scheme`, `${show(scheme)} is not allowed; use RedirectScheme.HTTP or RedirectScheme.HTTPS`);
  }
  if (port !== undefined) {
    const problem = checkPort(port);
    if (problem) invalid(scope, `${field}.port`, `${show(port)} ${problem}`);
  }
  if (!REDIRECT_STATUS_CODES.includes(statusCode)) {
    invalid(scope, `${field}.statusCode`, `${show(statusCode)} is not a redirect status code; allowed: ${REDIRECT_STATUS_CODES.join(', ')}`);
  }
  return definedFields({
    scheme,
    hostname: hostname === undefined ? undefined : checkPreciseHostname(scope, `${field}.hostname`, hostname),
    port,
    path: path === undefined ? undefined : pathModifierToModel(scope, `${field}.path`, path, matches),
    statusCode,
  });
}
