import { IConstruct } from 'constructs';
import { invalid, show } from '../errors';
import { DirectResponseModel } from '../model/types';
import { checkKnownKeys, isOptionsObject, propNames } from './props';

/** Istio warns that larger bodies slow its control plane down (and rejects more than 1 MiB). */
const MAX_BODY_BYTES = 100 * 1024;

/**
 * A response the gateway sends itself, without a backend: a maintenance
 * page, a fixed `robots.txt`, a 404 for a retired path. Only the Istio API
 * can respond directly.
 *
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPDirectResponse
 */
export interface DirectResponse {
  /** The HTTP status code, from 200 to 599. */
  readonly status: number;
  /**
   * The response body, as text.
   * @default - an empty body
   */
  readonly body?: string;
}

const DIRECT_RESPONSE_PROPS = propNames<DirectResponse>({ status: true, body: true });

/** Validates a direct response. */
export function directResponseToModel(scope: IConstruct, field: string, response: DirectResponse): DirectResponseModel {
  if (!isOptionsObject(response)) invalid(scope, field, `expected a DirectResponse such as { status: 503, body: 'down for maintenance' }, received ${show(response)}`);
  checkKnownKeys(scope, field, response, DIRECT_RESPONSE_PROPS);
  const { status, body } = response;
  if (!Number.isInteger(status) || status < 200 || status > 599) invalid(scope, `${field}.status`, `${show(status)} must be an HTTP status code from 200 to 599`);
  if (body === undefined) return { status };
  if (typeof body !== 'string') invalid(scope, `${field}.body`, `expected text, received ${show(body)}`);
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > MAX_BODY_BYTES) {
    invalid(scope, `${field}.body`, `is ${bytes} bytes long; at most ${MAX_BODY_BYTES} are allowed (Istio keeps direct responses in every proxy's configuration); serve larger content from a backend`);
  }
  return { status, body };
}
