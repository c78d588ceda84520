// IP addresses as Go's net/netip parses and prints them. The Kubernetes CEL IP library
// (`isIP`, `ip()`) and the `ipv4`/`ipv6` schema formats are defined by that package: strict dotted
// quads (no leading zeros, no short forms), IPv6 with at most one `::`, canonical text per RFC 5952.

export class IpParseError extends Error {}

export interface IpAddr {
  /** 4 bytes for IPv4, 16 for IPv6. */
  readonly bytes: readonly number[];
  readonly zone: string;
}

/** Go `netip.ParseAddr`. */
export function parseAddr(s: string): IpAddr {
  for (const c of s) {
    if (c === '.') return { bytes: parseIPv4Fields(s, s), zone: '' };
    if (c === ':') return parseIPv6(s);
    if (c === '%') throw new IpParseError(`ParseAddr(${JSON.stringify(s)}): missing IPv6 address`);
  }
  throw new IpParseError(`ParseAddr(${JSON.stringify(s)}): unable to parse IP`);
}

function fail(input: string, msg: string): never {
  throw new IpParseError(`ParseAddr(${JSON.stringify(input)}): ${msg}`);
}

function parseIPv4Fields(input: string, s: string): number[] {
  const fields: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c >= '0' && c <= '9') {
      if (digits === 1 && value === 0) fail(input, 'IPv4 field has octet with leading zero');
      value = value * 10 + (c.charCodeAt(0) - 48);
      digits++;
      if (value > 255) fail(input, 'IPv4 field has value >255');
    } else if (c === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') fail(input, 'IPv4 field must have at least one digit');
      if (fields.length === 3) fail(input, 'IPv4 address too long');
      fields.push(value);
      value = 0;
      digits = 0;
    } else {
      fail(input, 'unexpected character');
    }
  }
  if (fields.length < 3) fail(input, 'IPv4 address too short');
  fields.push(value);
  return fields;
}

function parseIPv6(input: string): IpAddr {
  let s = input;
  let zone = '';
  const percent = s.indexOf('%');
  if (percent >= 0) {
    zone = s.slice(percent + 1);
    s = s.slice(0, percent);
    if (zone === '') fail(input, 'zone must be a non-empty string');
  }
  const ip = new Array<number>(16).fill(0);
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return { bytes: ip, zone };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const digit = parseInt(s[off], 16);
      if (Number.isNaN(digit)) break;
      if (off > 3) fail(input, 'each colon-separated field must have at most 4 hex digits');
      acc = acc * 16 + digit;
    }
    if (off === 0) fail(input, 'each colon-separated field must have at least one digit');
    if (s[off] === '.') {
      if (ellipsis < 0 && i !== 12) fail(input, 'embedded IPv4 address must replace the final 2 fields of the address');
      if (i + 4 > 16) fail(input, 'too many hex fields to fit an embedded IPv4 at the end of the address');
      ip.splice(i, 4, ...parseIPv4Fields(input, s));
      s = '';
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s === '') break;
    if (s[0] !== ':') fail(input, 'unexpected character, want colon');
    if (s.length === 1) fail(input, 'colon must be followed by more characters');
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) fail(input, 'multiple :: in address');
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') fail(input, 'trailing garbage after address');
  if (i < 16) {
    if (ellipsis < 0) fail(input, 'address string too short');
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    ip.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) {
    fail(input, 'the :: must expand to at least one field of zeros');
  }
  return { bytes: ip, zone };
}

export function is4(ip: IpAddr): boolean {
  return ip.bytes.length === 4;
}

export function is4In6(ip: IpAddr): boolean {
  return ip.bytes.length === 16 && ip.bytes.slice(0, 10).every((b) => b === 0) && ip.bytes[10] === 0xff && ip.bytes[11] === 0xff;
}

function group(ip: IpAddr, i: number): number {
  return (ip.bytes[2 * i] << 8) | ip.bytes[2 * i + 1];
}

/** Go `netip.Addr.String()`: dotted quad, or RFC 5952 IPv6 with the first longest zero run as `::`. */
export function formatAddr(ip: IpAddr): string {
  const zone = ip.zone === '' ? '' : `%${ip.zone}`;
  if (is4(ip)) return ip.bytes.join('.');
  if (is4In6(ip)) return `::ffff:${ip.bytes.slice(12).join('.')}${zone}`;
  let zeroStart = -1;
  let zeroEnd = -1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && group(ip, j) === 0) j++;
    if (j - i >= 2 && j - i > zeroEnd - zeroStart) {
      zeroStart = i;
      zeroEnd = j;
    }
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === zeroStart) {
      out += '::';
      i = zeroEnd - 1;
      continue;
    }
    if (out !== '' && !out.endsWith(':')) out += ':';
    out += group(ip, i).toString(16);
  }
  return out + zone;
}

export function isUnspecified(ip: IpAddr): boolean {
  return ip.bytes.every((b) => b === 0);
}

export function isLoopback(ip: IpAddr): boolean {
  return is4(ip) ? ip.bytes[0] === 127 : ip.bytes.slice(0, 15).every((b) => b === 0) && ip.bytes[15] === 1;
}

function isMulticast(ip: IpAddr): boolean {
  return is4(ip) ? (ip.bytes[0] & 0xf0) === 0xe0 : ip.bytes[0] === 0xff;
}

export function isLinkLocalMulticast(ip: IpAddr): boolean {
  return is4(ip) ? ip.bytes[0] === 224 && ip.bytes[1] === 0 && ip.bytes[2] === 0 : (group(ip, 0) & 0xff0f) === 0xff02;
}

export function isLinkLocalUnicast(ip: IpAddr): boolean {
  return is4(ip) ? ip.bytes[0] === 169 && ip.bytes[1] === 254 : (group(ip, 0) & 0xffc0) === 0xfe80;
}

export function isGlobalUnicast(ip: IpAddr): boolean {
  const addr = is4In6(ip) ? { bytes: ip.bytes.slice(12), zone: '' } : ip;
  if (is4(addr) && (addr.bytes.every((b) => b === 0) || addr.bytes.every((b) => b === 255))) return false;
  return !isUnspecified(addr) && !isLoopback(addr) && !isMulticast(addr) && !isLinkLocalUnicast(addr);
}
