// Go RE2 regular expressions (schema `pattern`, CEL `matches`) evaluated in JavaScript.
//
// RE2 and ECMAScript disagree in places: `.` (RE2 excludes only \n), `\s` (RE2: ASCII only),
// `\z`, `[]a]`, literal `{`, escaped punctuation that the `u` flag rejects, and flag groups such as
// `(?i)`. A pure-JS RE2 engine (@bufbuild/re2) is exact but about 60 times slower than a native
// RegExp, and every object we validate runs dozens of patterns. So each pattern is translated to an
// equivalent native RegExp when it only uses constructs whose meaning we can carry over exactly, and
// falls back to the RE2 engine otherwise. test/schema-validator.test.ts checks both agree on every
// pattern of the vendored schemas.
import { RE2JS } from '@bufbuild/re2';

export interface Matcher {
  test(input: string): boolean;
}

const cache = new Map<string, Matcher>();

/** Compiles a Go RE2 pattern (cached); throws if RE2 rejects it. */
export function compileRe2(pattern: string): Matcher {
  let matcher = cache.get(pattern);
  if (matcher === undefined) {
    // Always compile with RE2 first: it is the authority on which patterns are valid.
    const exact = RE2JS.compile(pattern);
    matcher = translateRe2(pattern) ?? exact;
    cache.set(pattern, matcher);
  }
  return matcher;
}

/** The exact (slow) RE2 engine, for tests that cross-check translations. */
export function compileRe2Exact(pattern: string): Matcher {
  return RE2JS.compile(pattern);
}

/** Characters that may follow a backslash in a `u`-mode RegExp outside a class. */
const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/');
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\\x07', f: '\\f', t: '\\t', n: '\\n', r: '\\r', v: '\\v',
  d: '\\d', D: '\\D', w: '\\w', W: '\\W',
};
const RE2_SPACE = '\\t\\n\\f\\r ';

/**
 * Returns a native RegExp with the same matches as the RE2 pattern, or undefined when the
 * pattern uses something we do not translate (the caller then uses the RE2 engine).
 */
export function translateRe2(pattern: string): RegExp | undefined {
  let flags = 'u';
  let i = 0;
  let out = '';
  // A case-insensitive flag before anything case-sensitive (Gateway API writes `^(?i)...`) is the
  // JS `i` flag; flags anywhere else change the meaning of only part of the pattern.
  const leading = /^(\^?)\(\?i\)/.exec(pattern);
  if (leading) {
    flags += 'i';
    out = leading[1];
    i = leading[0].length;
  }
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const escaped = translateEscape(pattern, i, false);
      if (escaped === undefined) return undefined;
      out += escaped.text;
      i = escaped.next;
    } else if (c === '[') {
      const cls = translateClass(pattern, i);
      if (cls === undefined) return undefined;
      out += cls.text;
      i = cls.next;
    } else if (c === '(') {
      if (pattern[i + 1] !== '?') {
        out += '(';
        i += 1;
      } else if (pattern[i + 2] === ':') {
        out += '(?:';
        i += 3;
      } else {
        const named = /^\(\?P?<[A-Za-z_][A-Za-z0-9_]*>/.exec(pattern.slice(i));
        if (!named) return undefined;
        out += '(?:';
        i += named[0].length;
      }
    } else if (c === '.') {
      out += '[^\\n]';
      i += 1;
    } else if (c === '{') {
      const repeat = /^\{\d+(,\d*)?\}/.exec(pattern.slice(i));
      out += repeat ? repeat[0] : '\\{';
      i += repeat ? repeat[0].length : 1;
    } else if (c === '}') {
      out += '\\}';
      i += 1;
    } else {
      out += c;
      i += 1;
    }
  }
  try {
    return new RegExp(out, flags);
  } catch {
    return undefined;
  }
}

interface Piece {
  readonly text: string;
  readonly next: number;
}

function translateEscape(pattern: string, i: number, inClass: boolean): Piece | undefined {
  const c = pattern[i + 1];
  if (c === undefined) return undefined;
  if (c in SIMPLE_ESCAPES) return { text: SIMPLE_ESCAPES[c], next: i + 2 };
  if (c === 's') return { text: inClass ? RE2_SPACE : `[${RE2_SPACE}]`, next: i + 2 };
  if (c === 'S' && !inClass) return { text: `[^${RE2_SPACE}]`, next: i + 2 };
  if (!inClass && (c === 'A' || c === 'z')) return { text: c === 'A' ? '^' : '$', next: i + 2 };
  if (!inClass && (c === 'b' || c === 'B')) return { text: `\\${c}`, next: i + 2 };
  if (c === 'x') {
    const hex = /^\\x(?:([0-9A-Fa-f]{2})|\{([0-9A-Fa-f]{1,6})\})/.exec(pattern.slice(i));
    if (!hex) return undefined;
    return { text: `\\u{${hex[1] ?? hex[2]}}`, next: i + hex[0].length };
  }
  // Go accepts a backslash before any ASCII punctuation; the `u` flag only before syntax characters.
  if (/^[!-/:-@[-`{-~]$/.test(c)) {
    const literal = JS_SYNTAX.has(c) || (inClass && c === '-') ? `\\${c}` : `\\u{${c.charCodeAt(0).toString(16)}}`;
    return { text: literal, next: i + 2 };
  }
  return undefined;
}

function translateClass(pattern: string, start: number): Piece | undefined {
  let i = start + 1;
  let text = '[';
  if (pattern[i] === '^') {
    text += '^';
    i += 1;
  }
  // In RE2 a `]` right after `[` or `[^` is a literal; in JS it would close an empty class.
  if (pattern[i] === ']') {
    text += '\\]';
    i += 1;
  }
  while (i < pattern.length && pattern[i] !== ']') {
    const c = pattern[i];
    if (c === '[') {
      if (pattern[i + 1] === ':') return undefined;
      text += '\\[';
      i += 1;
    } else if (c === '\\') {
      const escaped = translateEscape(pattern, i, true);
      if (escaped === undefined) return undefined;
      text += escaped.text;
      i = escaped.next;
    } else {
      text += c;
      i += 1;
    }
  }
  if (pattern[i] !== ']') return undefined;
  return { text: `${text}]`, next: i + 1 };
}
