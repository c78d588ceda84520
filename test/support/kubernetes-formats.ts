// String formats that Kubernetes checks in Go code rather than in its OpenAPI documents: object
// names, label keys and values, resource quantities, timestamps, base64. Each function follows the
// Go function named in its comment and returns the problems found (empty when valid), worded as
// the API server words them.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** validation.IsDNS1123Label */
export function dns1123LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push('must be no more than 63 characters');
  if (!DNS1123_LABEL.test(value)) {
    errors.push("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
  }
  return errors;
}

/** validation.IsDNS1123Subdomain */
function dns1123SubdomainErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 253) errors.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(value)) {
    errors.push("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  }
  return errors;
}

/** validation.IsDNS1035Label */
function dns1035LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push('must be no more than 63 characters');
  if (!DNS1035_LABEL.test(value)) {
    errors.push("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name', or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
  }
  return errors;
}

/** Name validators (apimachinery NameIsDNSLabel etc.): with `prefix`, the value is a generateName that may end in '-'. */
export type NameValidator = (name: string, prefix: boolean) => string[];

function maskTrailingDash(name: string, prefix: boolean): string {
  return prefix && name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
}

export const nameIsDnsSubdomain: NameValidator = (name, prefix) => dns1123SubdomainErrors(maskTrailingDash(name, prefix));
export const nameIsDnsLabel: NameValidator = (name, prefix) => dns1123LabelErrors(maskTrailingDash(name, prefix));
export const nameIsDns1035Label: NameValidator = (name, prefix) => dns1035LabelErrors(maskTrailingDash(name, prefix));

/** path.IsValidPathSegmentName (RBAC object names) */
export const pathSegmentName: NameValidator = (name, prefix) => {
  const errors: string[] = [];
  if (!prefix && (name === '.' || name === '..')) errors.push(`may not be '${name}'`);
  if (name.includes('/')) errors.push("may not contain '/'");
  if (name.includes('%')) errors.push("may not contain '%'");
  return errors;
};

/** validation.IsQualifiedName (label and annotation keys) */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  let name = value;
  const errors: string[] = [];
  if (parts.length === 2) {
    const [prefix] = parts;
    name = parts[1];
    if (prefix.length === 0) errors.push('prefix part must be non-empty');
    else errors.push(...dns1123SubdomainErrors(prefix).map((e) => `prefix part ${e}`));
  } else if (parts.length > 2) {
    return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  if (name.length === 0) errors.push('name part must be non-empty');
  else if (name.length > 63) errors.push('name part must be no more than 63 characters');
  if (name.length > 0 && !QUALIFIED_NAME_PART.test(name)) {
    errors.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  }
  return errors;
}

/** validation.IsValidLabelValue */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(value)) {
    errors.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  }
  return errors;
}

const QUANTITY_SHAPE = /^[+-]?[0-9]*(?:\.[0-9]*)?([eEinumkKMGTP]*[+-]?[0-9]*)$/;
const QUANTITY_SUFFIXES = new Set(['', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei']);
export const QUANTITY_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/**
 * resource.ParseQuantity on what Quantity.UnmarshalJSON passes it: the JSON text of a number, or a
 * string with surrounding white space trimmed. Go's scanner accepts a few odd strings (a lone sign,
 * "1.G"); so do we.
 */
export function isQuantity(value: string | number): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  const text = value.trim();
  if (text === '') return false;
  const match = QUANTITY_SHAPE.exec(text);
  if (!match) return false;
  const suffix = match[1];
  return QUANTITY_SUFFIXES.has(suffix) || /^[eE][+-]?[0-9]+$/.test(suffix);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Go time.Parse with layout "2006-01-02" */
export function isFullDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function isClock(hour: string, minute: string, second: string): boolean {
  return Number(hour) <= 23 && Number(minute) <= 59 && Number(second) <= 59;
}

/**
 * metav1.Time / metav1.MicroTime: Go time.Parse with RFC3339 ("2006-01-02T15:04:05Z07:00", which
 * also takes fractional seconds) or RFC3339Micro (exactly six fractional digits).
 */
export function isRfc3339(value: string, fractionDigits?: number): boolean {
  const fraction = fractionDigits === undefined ? '(?:[.,]\\d+)?' : `\\.\\d{${fractionDigits}}`;
  const m = new RegExp(`^(\\d{4}-\\d{2}-\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})${fraction}(?:Z|[+-](\\d{2}):(\\d{2}))$`).exec(value);
  if (!m || !isFullDate(m[1]) || !isClock(m[2], m[3], m[4])) return false;
  return m[5] === undefined || (Number(m[5]) <= 23 && Number(m[6]) <= 59);
}

/** kube-openapi strfmt IsDateTime: the CRD `date-time` format, laxer than RFC 3339 in places. */
export function isStrfmtDateTime(value: string): boolean {
  if (value.length < 4) return false;
  const parts = value.toLowerCase().split('t');
  if (parts.length < 2 || !isFullDate(parts[0])) return false;
  const m = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/.exec(parts[1]);
  return m !== null && isClock(m[1], m[2], m[3]);
}

/** Go base64.StdEncoding.DecodeString (the `byte` format and Go []byte fields): padded, CR/LF ignored. */
export function isBase64(value: string): boolean {
  return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value.replace(/[\r\n]/g, ''));
}
