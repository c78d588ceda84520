import { isIPv4, isIPv6 } from 'net';

/**
 * Kubernetes and DNS naming rules. Each `check*` function returns a problem
 * (lower-case, saying what is allowed) or undefined when the value is valid.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** A DNS-1123 label: the rule for Namespace and Service names. */
export function checkDnsLabel(value: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'must be a non-empty string';
  if (value.length > 63) return `is ${value.length} characters long; at most 63 are allowed`;
  if (!DNS1123_LABEL.test(value)) {
    return 'must consist of lower-case letters, digits and "-", and start and end with a letter or digit (a DNS-1123 label, e.g. "my-name")';
  }
  return undefined;
}

/**
 * A DNS-1035 label: the rule for Service names, which must start with a letter (the API server
 * refuses `1-web`; `ValidateServiceName` in Kubernetes' validation of core objects).
 */
export function checkDns1035Label(value: string): string | undefined {
  const problem = checkDnsLabel(value);
  if (problem) return problem;
  if (!/^[a-z]/.test(value)) return 'must start with a letter: it names a Service, and Service names are DNS-1035 labels (e.g. "web-1", not "1-web")';
  return undefined;
}

/** A DNS-1123 subdomain: the rule for most object names. */
export function checkDnsSubdomain(value: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'must be a non-empty string';
  if (value.length > 253) return `is ${value.length} characters long; at most 253 are allowed`;
  // One expression for the whole name; labels are only measured when the name is long enough to hold one over 63 characters.
  if (!DNS1123_SUBDOMAIN.test(value) || (value.length > 63 && value.split('.').some((label) => label.length > 63))) {
    return 'must consist of lower-case letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit (a DNS-1123 subdomain, e.g. "my-name.example")';
  }
  return undefined;
}

/**
 * A host a route or listener serves: a lower-case DNS name, optionally with
 * `*.` as its left-most label, or `*` alone for any host. IP addresses are
 * rejected: the Gateway API forbids them and `*` expresses "any host" in
 * every flavour.
 */
export function checkHostname(value: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'must be a non-empty hostname, or "*" for any host';
  if (value === '*') return undefined;
  if (IPV4.test(value) || value.includes(':')) {
    return 'is an IP address; hosts must be DNS names (use "*" to match any host, including requests addressed to an IP)';
  }
  if (value !== value.toLowerCase()) return `must be lower-case (use ${JSON.stringify(value.toLowerCase())})`;
  const name = value.startsWith('*.') ? value.slice(2) : value;
  if (name.includes('*')) return 'may only use a wildcard as its whole left-most label ("*.example.com"), or be "*" alone';
  const dns = checkDnsSubdomain(name);
  if (dns) return `is not a valid DNS name: ${dns.replace(/^must/, 'it must')}`;
  return undefined;
}

/** A label key: an optional DNS subdomain prefix and `/`, then a name of at most 63 characters. */
export function checkLabelKey(key: string): string | undefined {
  if (typeof key !== 'string') return 'must be a string';
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && checkDnsSubdomain(prefix)) return `has an invalid prefix ${JSON.stringify(prefix)}: it must be a DNS subdomain`;
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    return 'must be at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit, optionally after a DNS-subdomain prefix and "/"';
  }
  return undefined;
}

/** A label value: empty, or at most 63 characters of letters, digits, `-`, `_` and `.`. */
export function checkLabelValue(value: string): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value === '') return undefined;
  if (value.length > 63 || !LABEL_NAME.test(value)) {
    return 'must be empty or at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/**
 * A container image reference as the container runtime parses it (the grammar of
 * github.com/distribution/reference): `[registry[:port]/]path[:tag][@digest]`, path components in
 * lower case. The API server takes any string, so a bad reference shows up only when the pod never
 * starts (InvalidImageName).
 */
export function checkImageReference(value: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'must be a non-empty image reference, e.g. "docker.io/library/nginx:1.27"';
  if (value.length > 4096) return `is ${value.length} characters long, too long for an image reference`;
  const slash = value.indexOf('/');
  const first = slash < 0 ? '' : value.slice(0, slash);
  // The first component names a registry only when it looks like a host: a dot, a port or localhost.
  const hasDomain = first.includes('.') || first.includes(':') || first === 'localhost';
  const domain = hasDomain ? first : '';
  const rest = hasDomain ? value.slice(slash + 1) : value;
  if (hasDomain && !IMAGE_DOMAIN.test(domain)) return `has an invalid registry ${JSON.stringify(domain).slice(0, 80)}`;
  if (IMAGE_PATH.test(rest)) return undefined;
  if (IMAGE_PATH.test(rest.replace(/^[^:@]+/, (path) => path.toLowerCase()))) {
    return 'must have its repository path in lower case (container runtimes refuse upper-case repository names)';
  }
  return 'is not a container image reference: expected [registry/]repository[:tag][@sha256:digest], the repository in lower case, without spaces';
}

const IMAGE_DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;
const IMAGE_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_PATH = new RegExp(`^${IMAGE_COMPONENT}(?:/${IMAGE_COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`);

/** A TCP port number. */
export function checkPort(value: number): string | undefined {
  if (!Number.isInteger(value) || value < 1 || value > 65535) return 'must be an integer from 1 to 65535';
  return undefined;
}

/** A Service or container port name (IANA service name syntax, as Kubernetes enforces). */
export function checkPortName(value: string): string | undefined {
  if (typeof value !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value) || value.length > 15 || !/[a-z]/.test(value) || value.includes('--')) {
    return 'is not a valid port name: at most 15 lower-case letters, digits and single "-", with at least one letter';
  }
  return undefined;
}

/** An IPv4 or IPv6 block in CIDR notation, as a NetworkPolicy `ipBlock` takes it. */
export function checkCidr(value: string): string | undefined {
  const problem = 'is not a CIDR: expected an address and a prefix length, e.g. "203.0.113.0/24" or "2001:db8::/32"';
  if (typeof value !== 'string') return problem;
  const match = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (!match) return problem;
  const [, address, prefix] = match;
  const maxPrefix = isIPv4(address) ? 32 : isIPv6(address) ? 128 : undefined;
  if (maxPrefix === undefined) return problem;
  if (Number(prefix) > maxPrefix) return `has a prefix length of ${prefix}; at most ${maxPrefix} is allowed for an ${maxPrefix === 32 ? 'IPv4' : 'IPv6'} address`;
  return undefined;
}
