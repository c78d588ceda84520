// Go's net/url parsing, which the Kubernetes CEL URL library (`isURL`, `url()`) is defined by:
// isURL(s) is `url.ParseRequestURI(s) == nil`, and url(s) then re-parses with `url.Parse` to keep
// the fragment apart. WHATWG URL parsing (the JS `URL` class) accepts and rejects different
// strings, so the Go algorithm is reimplemented here, on UTF-8 bytes as Go does.

export class GoUrlError extends Error {}

export interface GoUrl {
  readonly scheme: string;
  readonly opaque: string;
  readonly host: string;
  readonly path: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly fragment: string;
}

type Encoding = 'path' | 'pathSegment' | 'host' | 'zone' | 'userPassword' | 'queryComponent' | 'fragment';

/** Go `url.ParseRequestURI`: an absolute URI or an absolute path, no fragment splitting. */
export function parseRequestUri(raw: string): GoUrl {
  return parse(raw, true);
}

/** Go `url.Parse`. */
export function parseUrl(raw: string): GoUrl {
  const hash = raw.indexOf('#');
  const url = parse(hash < 0 ? raw : raw.slice(0, hash), false);
  return hash < 0 ? url : { ...url, fragment: unescape(raw.slice(hash + 1), 'fragment') };
}

function parse(raw: string, viaRequest: boolean): GoUrl {
  if ([...raw].some((ch) => ch < ' ' || ch === '\x7f')) throw new GoUrlError('net/url: invalid control character in URL');
  if (raw === '' && viaRequest) throw new GoUrlError('empty url');
  const url = { scheme: '', opaque: '', host: '', path: '', rawPath: '', rawQuery: '', fragment: '' };
  if (raw === '*') return { ...url, path: '*' };

  const [scheme, afterScheme] = splitScheme(raw);
  url.scheme = scheme.toLowerCase();
  let rest = afterScheme;
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }

  if (!rest.startsWith('/')) {
    if (url.scheme !== '') return { ...url, opaque: rest };
    if (viaRequest) throw new GoUrlError('invalid URI for request');
    const slash = rest.indexOf('/');
    if ((slash < 0 ? rest : rest.slice(0, slash)).includes(':')) {
      throw new GoUrlError('first path segment in URL cannot contain colon');
    }
  }

  if ((url.scheme !== '' || (!viaRequest && !rest.startsWith('///'))) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    url.host = parseAuthority(authority);
  }
  url.path = unescape(rest, 'path');
  url.rawPath = escape(url.path, 'path') === rest ? '' : rest;
  return url;
}

function splitScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new GoUrlError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function parseAuthority(authority: string): string {
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new GoUrlError('net/url: invalid userinfo');
    const colon = userinfo.indexOf(':');
    unescape(colon < 0 ? userinfo : userinfo.slice(0, colon), 'userPassword');
    if (colon >= 0) unescape(userinfo.slice(colon + 1), 'userPassword');
  }
  return host;
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new GoUrlError("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) throw new GoUrlError(`invalid port ${JSON.stringify(colonPort)} after host`);
    const zone = host.slice(0, close).indexOf('%25');
    if (zone >= 0) {
      return unescape(host.slice(0, zone), 'host') + unescape(host.slice(zone, close), 'zone')
        + unescape(host.slice(close), 'host');
    }
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && !validOptionalPort(host.slice(colon))) {
      throw new GoUrlError(`invalid port ${JSON.stringify(host.slice(colon))} after host`);
    }
  }
  return unescape(host, 'host');
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

function isAlnum(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

function shouldEscape(b: number, mode: Encoding): boolean {
  if (isAlnum(b)) return false;
  const c = String.fromCharCode(b);
  if ((mode === 'host' || mode === 'zone') && "!$&'()*+,;=:[]<>\"".includes(c)) return false;
  if ('-_.~'.includes(c)) return false;
  if ('$&+,/:;=?@'.includes(c)) {
    switch (mode) {
      case 'path': return c === '?';
      case 'pathSegment': return '/;,?'.includes(c);
      case 'userPassword': return '@/?:'.includes(c);
      case 'queryComponent': return true;
      case 'fragment': return false;
      default: break;
    }
  }
  if (mode === 'fragment' && '!()*'.includes(c)) return false;
  return true;
}

function isHex(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));
}

function unescape(s: string, mode: Encoding): string {
  const bytes = Buffer.from(s, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x25) {
      if (!isHex(bytes[i + 1]) || !isHex(bytes[i + 2])) {
        throw new GoUrlError(`invalid URL escape ${JSON.stringify(bytes.subarray(i, i + 3).toString('latin1'))}`);
      }
      const escaped = bytes.subarray(i, i + 3).toString('latin1');
      const value = parseInt(escaped.slice(1), 16);
      // Hosts may only %-encode non-ASCII bytes, except %25 which starts an IPv6 zone.
      if (mode === 'host' && value < 0x80 && escaped !== '%25') throw new GoUrlError(`invalid URL escape ${JSON.stringify(escaped)}`);
      if (mode === 'zone' && escaped !== '%25' && value !== 0x20 && shouldEscape(value, 'host')) {
        throw new GoUrlError(`invalid URL escape ${JSON.stringify(escaped)}`);
      }
      out.push(value);
      i += 2;
    } else if (b === 0x2b && mode === 'queryComponent') {
      out.push(0x20);
    } else {
      if ((mode === 'host' || mode === 'zone') && b < 0x80 && shouldEscape(b, mode)) {
        throw new GoUrlError(`invalid character ${JSON.stringify(String.fromCharCode(b))} in host name`);
      }
      out.push(b);
    }
  }
  return Buffer.from(out).toString('utf8');
}

function escape(s: string, mode: Encoding): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    if (b === 0x20 && mode === 'queryComponent') out += '+';
    else if (shouldEscape(b, mode)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += String.fromCharCode(b);
  }
  return out;
}

function validEncoded(s: string, mode: Encoding): boolean {
  for (const b of Buffer.from(s, 'utf8')) {
    if ("!$&'()*+,;=:@[]%".includes(String.fromCharCode(b))) continue;
    if (shouldEscape(b, mode)) return false;
  }
  return true;
}

function splitHostPort(hostPort: string): [string, string] {
  let host = hostPort;
  let port = '';
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && validOptionalPort(host.slice(colon))) {
    port = host.slice(colon + 1);
    host = host.slice(0, colon);
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return [host, port];
}

/** Go `URL.Hostname()`. */
export function urlHostname(url: GoUrl): string {
  return splitHostPort(url.host)[0];
}

/** Go `URL.Port()`. */
export function urlPort(url: GoUrl): string {
  return splitHostPort(url.host)[1];
}

/** Go `URL.EscapedPath()`. */
export function urlEscapedPath(url: GoUrl): string {
  if (url.rawPath !== '' && validEncoded(url.rawPath, 'path')) {
    try {
      if (unescape(url.rawPath, 'path') === url.path) return url.rawPath;
    } catch (e) {
      if (!(e instanceof GoUrlError)) throw e;
    }
  }
  return url.path === '*' ? '*' : escape(url.path, 'path');
}

/** Go `URL.Query()`: malformed pairs are dropped silently, as Go does. */
export function urlQuery(url: GoUrl): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const pair of url.rawQuery.split('&')) {
    if (pair === '' || pair.includes(';')) continue;
    const eq = pair.indexOf('=');
    try {
      const key = unescape(eq < 0 ? pair : pair.slice(0, eq), 'queryComponent');
      const value = unescape(eq < 0 ? '' : pair.slice(eq + 1), 'queryComponent');
      values.set(key, [...(values.get(key) ?? []), value]);
    } catch (e) {
      if (!(e instanceof GoUrlError)) throw e;
    }
  }
  return values;
}
