import { RE2JS, RE2JSException, RE2JSSyntaxException } from '@bufbuild/re2';

/**
 * Regular expressions as istiod and Envoy accept them. Every regex a route
 * carries (Istio `regex` path, header and query matches; Gateway API
 * `RegularExpression` matches, which istiod turns into the same Envoy
 * matchers) meets three limits, all checked here with @bufbuild/re2, a
 * maintained pure-JavaScript port of Go's RE2 (`regexp/syntax`):
 *
 * - istiod's webhook (istio `pkg/config/validation/validation.go`,
 *   `validateStringRegexp`) refuses more than 1024 bytes (`len(re)`), then
 *   compiles with Go's `regexp.Compile`: the syntax checked here, so `\Z`,
 *   `\e`, `[[:digits:]]`, `a{1001}`, lookarounds and backreferences are refused.
 * - Envoy compiles with Google's C++ RE2 (`CompiledGoogleReMatcher` in envoy
 *   `source/common/common/regex.cc`), which agrees with Go on the syntax
 *   (repeat counts up to 1000, nested repeats multiplied, re2 `parse.cc`
 *   `PushRepetition`), and refuses a program larger than the runtime key
 *   `re2.max_program_size.error_level` (Envoy's default 100), which Istio sets
 *   to 32768 in every proxy's bootstrap (istio `pkg/bootstrap/config.go`,
 *   `extractRuntimeFlags`). A refused regex NACKs the whole route table.
 *
 * C++ RE2 compiles to UTF-8 byte ranges, so its program is larger than Go's
 * (`\pL` is about 1200 instructions there, one here); `re2ProgramSize`
 * estimates it from below, so a regex refused here is certainly refused by
 * Envoy, and one just under the limit may still be.
 */

/** istiod's limit on a regex, in bytes of UTF-8. */
export const MAX_REGEX_BYTES = 1024;
/** The RE2 program size istio-proxy accepts (`re2.max_program_size.error_level` set by istiod's bootstrap). */
export const MAX_RE2_PROGRAM_SIZE = 32768;

/** What a pattern compiles to: RE2's program, or why RE2 (or istiod, or Envoy) refuses it. */
interface Checked {
  readonly problem?: string;
  readonly compiled?: RE2JS;
}

/**
 * Memo of a pure function of the pattern (the same pattern always gives the
 * same answer; nothing else is kept): routes repeat the same few patterns, and
 * compiling with RE2 costs tens of microseconds. Bounded.
 */
const CHECKED = new Map<string, Checked>();
const MEMO_LIMIT = 2048;

/**
 * Checks a regular expression as istiod and Envoy would: a problem (what RE2
 * refused and how to fix it) or undefined.
 */
export function checkRegex(regex: string): string | undefined {
  if (typeof regex !== 'string') return 'must be a regular expression (a string)';
  // RE2 compiles a raw control character, but HTTP carries none in a path or header value
  // (RFC 9110 field values allow only HTAB among them): such a regex can never match.
  const control = /[\u0000-\u0008\u000a-\u001f\u007f]/.exec(regex);
  if (control) return `contains the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}, which no request can carry, so it would never match; remove it`;
  return checked(regex).problem;
}

/**
 * A regular expression for request paths: one RE2 accepts, and ASCII only,
 * since a path on the wire carries other characters percent-encoded (Envoy
 * matches the path as received, normalised but not decoded).
 */
export function checkPathRegex(regex: string): string | undefined {
  const problem = checkRegex(regex);
  if (problem !== undefined) return problem;
  if (/[^\u0000-\u007f]/.test(regex)) return 'contains a character outside ASCII, which a request path only carries percent-encoded (é as %C3%A9), so it would never match; write it percent-encoded';
  return undefined;
}

/** Something that tests whether a whole input matches. */
export interface FullMatcher {
  test(input: string): boolean;
}

/**
 * The pattern as Envoy's `safe_regex` applies it: RE2 semantics, matching the
 * whole input. Undefined when istiod or Envoy would refuse the pattern.
 */
export function re2FullMatcher(regex: string): FullMatcher | undefined {
  if (typeof regex !== 'string') return undefined;
  const { problem, compiled } = checked(regex);
  return problem === undefined && compiled ? { test: (input: string) => compiled.matches(input) } : undefined;
}

function checked(regex: string): Checked {
  let result = CHECKED.get(regex);
  if (result === undefined) {
    result = check(regex);
    if (CHECKED.size >= MEMO_LIMIT) CHECKED.clear();
    CHECKED.set(regex, result);
  }
  return result;
}

function check(regex: string): Checked {
  if (regex.length === 0) return { problem: 'must be a regular expression of 1 to 1024 bytes' };
  const bytes = Buffer.byteLength(regex, 'utf8');
  if (bytes > MAX_REGEX_BYTES) return { problem: `is ${bytes} bytes long; istiod refuses a regular expression over ${MAX_REGEX_BYTES} bytes: shorten it` };
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(regex);
  } catch (e) {
    if (e instanceof RE2JSSyntaxException) return { problem: `is refused by RE2 (which istiod and Envoy use): ${explain(e.error, e.input ?? '')}` };
    if (e instanceof RE2JSException) return { problem: `is refused by RE2 (which istiod and Envoy use): ${e.message}` };
    throw e;
  }
  const size = re2ProgramSize(compiled);
  if (size > MAX_RE2_PROGRAM_SIZE) {
    return {
      compiled,
      problem:
        `compiles to an RE2 program of about ${size} instructions; istio-proxy (Envoy) refuses more than ${MAX_RE2_PROGRAM_SIZE}: ` +
        'use smaller repeat counts ({n}), + or *, or narrower classes than \\pL or .',
    };
  }
  return { compiled };
}

/** Text escaped to match itself literally in RE2. */
export function escapeRe2(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/**
 * The regex the Istio API's VirtualService uses to remove a matched path
 * prefix (`rewrite.uriRegexRewrite.match`, for a ReplacePrefixMatch with an
 * empty replacement): istiod checks it as any other regex.
 */
export function prefixRemovalRegex(prefix: string): string {
  return `^${escapeRe2(prefix)}/?`;
}

/** What RE2 refused (its error kind and the part of the pattern) and how to write it instead. */
function explain(error: string, fragment: string): string {
  const what = `${error} \`${fragment}\``;
  switch (error) {
    case 'invalid escape sequence':
      return `${what}; ${escapeHint(fragment)}`;
    case 'invalid character class range':
      return fragment.startsWith('[:')
        ? `${what}; POSIX classes are [[:alnum:]], [[:alpha:]], [[:digit:]], [[:lower:]], [[:space:]], [[:upper:]], [[:word:]], [[:xdigit:]] (and ascii, blank, cntrl, graph, print, punct)`
        : `${what}; a range goes from the lower to the higher character (a-z), or escape a literal - as \\-`;
    case 'invalid repeat count':
      return `${what}; RE2 repeats at most 1000 times, nested repeats multiplied ((x{10}){100} is 1000): use a smaller count, + or *`;
    case 'invalid nested repetition operator':
      return `${what}; RE2 has no possessive (a++) or doubled quantifiers: write a+, or group first: (?:a+)+`;
    case 'missing argument to repetition operator':
      return `${what}; *, +, ? and {n} repeat what comes before them: escape a literal one (\\*, \\+, \\?, \\{)`;
    case 'invalid or unsupported Perl syntax':
      if (/^\(\?[=!]/.test(fragment)) return `${what}; RE2 has no lookahead ((?=...), (?!...)): match the text itself, or use a header or query condition`;
      if (fragment.startsWith('(?#')) return `${what}; RE2 has no (?#...) comments: remove it`;
      return `${what}; RE2 flags are (?i), (?m), (?s), (?U), alone or as (?i:...)`;
    case 'invalid named capture':
      if (/^\(\?<[=!]/.test(fragment)) return `${what}; RE2 has no lookbehind ((?<=...), (?<!...)): match the text itself`;
      return `${what}; a group name is letters, digits and _, once per expression: (?P<name>...)`;
    case 'missing closing )':
      return `${what}; close every group, or escape a literal ( as \\(`;
    case 'unexpected )':
      return `${what}; escape a literal ) as \\)`;
    case 'missing closing ]':
      return `${what}; close the class, or escape a literal [ as \\[`;
    case 'trailing backslash at end of expression':
      return `${what}; escape a literal backslash as \\\\`;
    default:
      return what;
  }
}

function escapeHint(fragment: string): string {
  const c = fragment[1] ?? '';
  if (c === 'Z') return 'RE2 has no \\Z: use \\z (end of text) or $';
  if (c === 'e') return 'RE2 has no \\e: write the escape character as \\x1b';
  if (/[1-9]/.test(c)) return 'RE2 has no backreferences: repeat the group\'s pattern instead';
  if (c === 'u' || c === 'U') return 'write a code point as \\x{263A}';
  if (c === 'x') return 'write a code point as \\x41 or \\x{41} (at most \\x{10FFFF})';
  if (c === 'C') return 'RE2 in istiod has no \\C: use . for any character';
  if (c === 'p' || c === 'P') return 'use a Unicode class RE2 knows, e.g. \\pL, \\p{Greek}, \\PN';
  return `RE2 has no \\${c}: escape a literal backslash as \\\\ (RE2's escapes: https://github.com/google/re2/wiki/Syntax)`;
}

/** Minimal structural view of @bufbuild/re2's compiled program (public fields of RE2JS.re2Input.prog). */
interface ProgramView {
  readonly inst: readonly { readonly op: number; readonly runes: readonly number[] }[];
}

// Instruction codes of @bufbuild/re2's Inst (Go's syntax.InstOp order).
const ALT = 1;
const ALT_MATCH = 2;
const FAIL = 5;
const RUNE = 8;
const RUNE1 = 9;
const RUNE_ANY = 10;
const RUNE_ANY_NOT_NL = 11;
/** C++ RE2's instructions for `.`: its 80-10FFFF range is compiled in a special, compact form (re2 `compile.cc`, `Add_80_10ffff`). */
const ANY_CHAR_SIZE = 7;

/**
 * A lower bound of C++ RE2's `ProgramSize()` for the pattern: its
 * instructions after flattening (re2 `prog.cc`, where alternations take no
 * instruction), with each character class counted as at least one
 * instruction per UTF-8 byte sequence it needs (ASCII letters of both cases
 * share one).
 */
export function re2ProgramSize(compiled: RE2JS): number {
  const program = compiled.re2Input.prog as unknown as ProgramView;
  let size = 0;
  for (const inst of program.inst) {
    switch (inst.op) {
      case ALT:
      case ALT_MATCH:
      case FAIL:
        break;
      case RUNE:
      case RUNE1:
        size += inst.runes.length <= 1 ? 1 : classSize(inst.runes);
        break;
      case RUNE_ANY:
      case RUNE_ANY_NOT_NL:
        size += ANY_CHAR_SIZE;
        break;
      default:
        size += 1;
    }
  }
  return size;
}

/** UTF-8 byte sequences needed for a class given as [lo, hi, lo, hi, ...]. */
function classSize(runes: readonly number[]): number {
  let size = 0;
  const ascii = new Set<number>();
  for (let i = 0; i + 1 < runes.length; i += 2) {
    const lo = runes[i];
    const hi = runes[i + 1];
    for (let r = lo; r <= Math.min(hi, 0x7f); r++) ascii.add(r >= 0x41 && r <= 0x5a ? r + 0x20 : r);
    for (const [from, to, length] of UTF8_LENGTHS) {
      const a = Math.max(lo, from);
      const b = Math.min(hi, to);
      if (a <= b) size += sequences(a, b, length);
    }
  }
  // ASCII runs, upper-case letters folded onto lower-case ones.
  let previous = -2;
  for (const r of [...ascii].sort((x, y) => x - y)) {
    if (r !== previous + 1) size += 1;
    previous = r;
  }
  return size;
}

const UTF8_LENGTHS: readonly (readonly [number, number, number])[] = [
  [0x80, 0x7ff, 2],
  [0x800, 0xffff, 3],
  [0x10000, 0x10ffff, 4],
];

/** How many byte-range sequences encode [lo, hi] (same UTF-8 length), as UTF-8 compilers split ranges. */
function sequences(lo: number, hi: number, length: number): number {
  for (let i = 1; i < length; i++) {
    const mask = (1 << (6 * i)) - 1;
    if ((lo & ~mask) !== (hi & ~mask)) {
      if ((lo & mask) !== 0) return sequences(lo, lo | mask, length) + sequences((lo | mask) + 1, hi, length);
      if ((hi & mask) !== mask) return sequences(lo, (hi & ~mask) - 1, length) + sequences(hi & ~mask, hi, length);
    }
  }
  return 1;
}
