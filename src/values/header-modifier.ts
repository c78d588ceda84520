import { IConstruct } from 'constructs';
import { invalid, show } from '../errors';
import { HeaderModifierModel, HeaderValueModel } from '../model/types';
import { checkHeaderName } from '../checks/http';
import { checkKnownKeys, isOptionsObject, propNames } from './props';
import { definedFields } from '../model/objects';

/** The Gateway API allows at most 16 entries in each of set, add and remove. */
const MAX_ENTRIES = 16;
/** The Gateway API's limit on a header value. */
const MAX_VALUE_LENGTH = 4096;

/**
 * Headers changed on the way to the backend (request headers) or back to the
 * client (response headers). Names are case-insensitive; values are literal
 * text.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheaderfilter
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Headers-HeaderOperations
 */
export interface HeaderModifier {
  /**
   * Headers set to a value, replacing any value they had.
   * @default - none
   */
  readonly set?: { [name: string]: string };
  /**
   * Headers given one more value (appended to any values they had).
   * @default - none
   */
  readonly add?: { [name: string]: string };
  /**
   * Headers removed.
   * @default - none
   */
  readonly remove?: string[];
}

const HEADER_MODIFIER_PROPS = propNames<HeaderModifier>({ set: true, add: true, remove: true });

/** Validates a header modifier. */
export function headerModifierToModel(scope: IConstruct, field: string, modifier: HeaderModifier): HeaderModifierModel {
  if (!isOptionsObject(modifier)) invalid(scope, field, `expected a HeaderModifier such as { set: { 'x-env': 'prod' } }, received ${show(modifier)}`);
  checkKnownKeys(scope, field, modifier, HEADER_MODIFIER_PROPS);
  const seen = new Map<string, string>();
  const claim = (at: string, name: string): string => {
    const problem = checkHeaderName(name);
    if (problem) invalid(scope, at, `${show(name)} ${problem}`);
    const lower = name.toLowerCase();
    if (lower === 'host') invalid(scope, at, 'the Host header cannot be changed here (Istio rejects it); use rewrite: { hostname } to send another Host to the backend');
    const first = seen.get(lower);
    if (first !== undefined) invalid(scope, at, `header ${show(lower)} is already changed by ${first} (names are case-insensitive); change each header once`);
    seen.set(lower, at);
    return lower;
  };
  const values = (op: 'set' | 'add'): HeaderValueModel[] | undefined => {
    const map = modifier[op];
    if (map === undefined) return undefined;
    if (map === null || typeof map !== 'object' || Array.isArray(map)) invalid(scope, `${field}.${op}`, 'expected a map of header name to value');
    const names = Object.keys(map).sort();
    if (names.length > MAX_ENTRIES) invalid(scope, `${field}.${op}`, `has ${names.length} headers; at most ${MAX_ENTRIES} are allowed`);
    return names.map((name) => {
      const at = `${field}.${op}[${JSON.stringify(name)}]`;
      const lower = claim(at, name);
      return { name: lower, value: checkHeaderValue(scope, at, map[name]) };
    });
  };
  const set = values('set');
  const add = values('add');
  let remove: string[] | undefined;
  if (modifier.remove !== undefined) {
    if (!Array.isArray(modifier.remove)) invalid(scope, `${field}.remove`, 'expected a list of header names');
    if (modifier.remove.length > MAX_ENTRIES) invalid(scope, `${field}.remove`, `has ${modifier.remove.length} headers; at most ${MAX_ENTRIES} are allowed`);
    remove = modifier.remove.map((name, i) => claim(`${field}.remove[${i}]`, name));
  }
  if (seen.size === 0) invalid(scope, field, 'changes no header: set, add or remove at least one');
  return definedFields({ set: set?.length ? set : undefined, add: add?.length ? add : undefined, remove: remove?.length ? remove : undefined });
}

/**
 * A value both APIs carry literally. `%` is refused: Istio reads it as the
 * start of an Envoy variable (`%HOSTNAME%`) while the Gateway API means the
 * character itself, so the same value would differ between APIs.
 */
function checkHeaderValue(scope: IConstruct, field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_VALUE_LENGTH) {
    invalid(scope, field, `${show(value)} must be a string of 1 to ${MAX_VALUE_LENGTH} characters`);
  }
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) invalid(scope, field, `${show(value)} contains a control character (a line break, say); header values are one line of text`);
  if (value.includes('%')) {
    invalid(scope, field, `${show(value)} contains "%", which Istio reads as an Envoy variable (%HOSTNAME%) but the Gateway API as the character itself; leave it out`);
  }
  return value;
}
