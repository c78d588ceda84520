// The CEL environment of Kubernetes CRD validation rules, on top of @bufbuild/cel.
//
// Why @bufbuild/cel: it parses every rule of the vendored CRDs (cel-js 0.8 fails on 14 of the 138
// distinct ones, the Gateway API's raw strings r"""...""" among them), ships a CommonJS build
// (@marcbachmann/cel-js, which also parses them all, is ESM-only and jest here runs CommonJS),
// evaluates ints as bigint (so `int` and `double` stay apart as in cel-go), and takes an RE2 engine
// for `matches`.
//
// Besides the CEL standard library and cel-go's strings extension (both from @bufbuild/cel), the
// rules of the vendored CRDs call `isURL`, `url().getScheme()`, `isIP` and
// `format.dns1123Label().validate()`. Those Kubernetes libraries (k8s.io/apiserver/pkg/cel/library
// urls.go, ip.go, format.go) are implemented here with the accessors that belong with them.
// Not implemented because no vendored rule uses them: quantity, cidr, lists (isSorted, sum, ...),
// regex (find, findAll), semver, authz, `format.named()` and `format.uuid()`, cel-go optionals
// beyond the result of `validate()`.
//
// Kubernetes type-checks rules when a CRD is created. We have no checker, so `compileCel` instead
// verifies that every function a rule calls exists with that arity and every identifier is bound.
import {
  celEnv, celFunc, celMethod, CelScalar, isCelError, listType, mapType, objectType, parse, plan,
  type CelInput, type CelResult,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { create, createFileRegistry, type DescMessage } from '@bufbuild/protobuf';
import type { ReflectMessage } from '@bufbuild/protobuf/reflect';
import { FieldDescriptorProto_Label, FieldDescriptorProto_Type, FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { GoUrlError, parseRequestUri, parseUrl, urlEscapedPath, urlHostname, urlPort, urlQuery, type GoUrl } from './go-url';
import * as ip from './ip';
import {
  isBase64, isFullDate, isStrfmtDateTime, labelValueErrors, nameIsDns1035Label, nameIsDnsLabel, nameIsDnsSubdomain,
  qualifiedNameErrors,
} from './kubernetes-formats';
import { compileRe2 } from './re2';

const { STRING, BOOL, INT } = CelScalar;

// Kubernetes' URL, IP, Format and optional values are opaque CEL objects. @bufbuild/cel only takes
// protobuf messages as objects, so each is a small message of a descriptor built here. (Unlike in
// Kubernetes, CEL can read their fields, e.g. `url(s).value`; no rule does.)
const registry = createFileRegistry(
  create(FileDescriptorProtoSchema, {
    name: 'kubernetes/cel.proto',
    package: 'kubernetes.cel',
    syntax: 'proto3',
    messageType: [
      { name: 'URL', field: [scalarField('value', 1, FieldDescriptorProto_Type.STRING)] },
      { name: 'IP', field: [scalarField('value', 1, FieldDescriptorProto_Type.STRING)] },
      { name: 'Format', field: [scalarField('name', 1, FieldDescriptorProto_Type.STRING)] },
      {
        name: 'OptionalStringList',
        field: [
          scalarField('present', 1, FieldDescriptorProto_Type.BOOL),
          { ...scalarField('value', 2, FieldDescriptorProto_Type.STRING), label: FieldDescriptorProto_Label.REPEATED },
        ],
      },
    ],
  }),
  () => undefined,
);

function scalarField(name: string, number: number, type: FieldDescriptorProto_Type) {
  return { name, number, type, label: FieldDescriptorProto_Label.OPTIONAL, jsonName: name };
}

function messageDesc(name: string): DescMessage {
  const desc = registry.getMessage(`kubernetes.cel.${name}`);
  if (!desc) throw new Error(`kubernetes.cel.${name} missing from the descriptor`);
  return desc;
}

const URL_DESC = messageDesc('URL');
const IP_DESC = messageDesc('IP');
const FORMAT_DESC = messageDesc('Format');
const OPTIONAL_DESC = messageDesc('OptionalStringList');
const URL_TYPE = objectType(URL_DESC);
const IP_TYPE = objectType(IP_DESC);
const FORMAT_TYPE = objectType(FORMAT_DESC);
const OPTIONAL_TYPE = objectType(OPTIONAL_DESC);
const LIST_STRING = listType(STRING);

function field<T>(msg: ReflectMessage, name: string): T {
  const f = msg.desc.field[name];
  if (!f) throw new Error(`${msg.desc.typeName} has no field ${name}`);
  return msg.get(f) as T;
}

// --- urls.go -------------------------------------------------------------------------------

function toUrl(s: string) {
  try {
    // As in Kubernetes: ParseRequestURI decides validity; the accessors read what Parse (which
    // splits off the fragment) makes of the string.
    parseRequestUri(s);
    parseUrl(s);
  } catch (e) {
    if (e instanceof GoUrlError) throw new Error(`URL parse error during conversion from string: parse ${JSON.stringify(s)}: ${e.message}`);
    throw e;
  }
  return create(URL_DESC, { value: s });
}

function urlOf(msg: ReflectMessage): GoUrl {
  return parseUrl(field<string>(msg, 'value'));
}

function isUrl(s: string): boolean {
  try {
    parseRequestUri(s);
    return true;
  } catch (e) {
    if (e instanceof GoUrlError) return false;
    throw e;
  }
}

const urlFunctions = [
  celFunc('url', [STRING], URL_TYPE, toUrl),
  celFunc('isURL', [STRING], BOOL, isUrl),
  celMethod('getScheme', URL_TYPE, [], STRING, function getScheme() { return urlOf(this).scheme; }),
  celMethod('getHost', URL_TYPE, [], STRING, function getHost() { return urlOf(this).host; }),
  celMethod('getHostname', URL_TYPE, [], STRING, function getHostname() { return urlHostname(urlOf(this)); }),
  celMethod('getPort', URL_TYPE, [], STRING, function getPort() { return urlPort(urlOf(this)); }),
  celMethod('getEscapedPath', URL_TYPE, [], STRING, function getEscapedPath() { return urlEscapedPath(urlOf(this)); }),
  celMethod('getQuery', URL_TYPE, [], mapType(STRING, LIST_STRING), function getQuery() { return urlQuery(urlOf(this)); }),
];

// --- ip.go ---------------------------------------------------------------------------------

/** Kubernetes' parseIPAddr: netip.ParseAddr without zones or IPv4-mapped IPv6. */
function parseIpAddr(s: string): ip.IpAddr {
  let addr: ip.IpAddr;
  try {
    addr = ip.parseAddr(s);
  } catch (e) {
    if (e instanceof ip.IpParseError) throw new Error(`IP Address ${JSON.stringify(s)} parse error during conversion from string: ${e.message}`);
    throw e;
  }
  if (addr.zone !== '') throw new Error(`IP address ${JSON.stringify(s)} with zone value is not allowed`);
  if (ip.is4In6(addr)) throw new Error(`IPv4-mapped IPv6 address ${JSON.stringify(s)} is not allowed`);
  return addr;
}

function ipOf(msg: ReflectMessage): ip.IpAddr {
  return ip.parseAddr(field<string>(msg, 'value'));
}

function isIp(s: string): boolean {
  try {
    parseIpAddr(s);
    return true;
  } catch {
    return false;
  }
}

const ipFunctions = [
  celFunc('ip', [STRING], IP_TYPE, (s) => create(IP_DESC, { value: ip.formatAddr(parseIpAddr(s)) })),
  celFunc('isIP', [STRING], BOOL, isIp),
  celFunc('ip.isCanonical', [STRING], BOOL, (s) => ip.formatAddr(parseIpAddr(s)) === s),
  celFunc('string', [IP_TYPE], STRING, (addr) => field<string>(addr, 'value')),
  celMethod('family', IP_TYPE, [], INT, function family() { return ip.is4(ipOf(this)) ? 4n : 6n; }),
  celMethod('isUnspecified', IP_TYPE, [], BOOL, function isUnspecified() { return ip.isUnspecified(ipOf(this)); }),
  celMethod('isLoopback', IP_TYPE, [], BOOL, function isLoopback() { return ip.isLoopback(ipOf(this)); }),
  celMethod('isLinkLocalMulticast', IP_TYPE, [], BOOL, function isLinkLocalMulticast() { return ip.isLinkLocalMulticast(ipOf(this)); }),
  celMethod('isLinkLocalUnicast', IP_TYPE, [], BOOL, function isLinkLocalUnicast() { return ip.isLinkLocalUnicast(ipOf(this)); }),
  celMethod('isGlobalUnicast', IP_TYPE, [], BOOL, function isGlobalUnicast() { return ip.isGlobalUnicast(ipOf(this)); }),
];

// --- format.go -----------------------------------------------------------------------------

const FORMATS: Readonly<Record<string, (s: string) => string[]>> = {
  dns1123Label: (s) => nameIsDnsLabel(s, false),
  dns1123Subdomain: (s) => nameIsDnsSubdomain(s, false),
  dns1035Label: (s) => nameIsDns1035Label(s, false),
  qualifiedName: qualifiedNameErrors,
  dns1123LabelPrefix: (s) => nameIsDnsLabel(s, true),
  dns1123SubdomainPrefix: (s) => nameIsDnsSubdomain(s, true),
  dns1035LabelPrefix: (s) => nameIsDns1035Label(s, true),
  labelValue: labelValueErrors,
  uri: (s) => {
    try {
      parseRequestUri(s);
      return [];
    } catch (e) {
      if (e instanceof GoUrlError) return [`parse ${JSON.stringify(s)}: ${e.message}`];
      throw e;
    }
  },
  byte: (s) => (isBase64(s) ? [] : ['invalid base64']),
  date: (s) => (isFullDate(s) ? [] : ['invalid date']),
  datetime: (s) => (isStrfmtDateTime(s) ? [] : ['invalid datetime']),
};

const formatFunctions = [
  ...Object.keys(FORMATS).map((name) => celFunc(`format.${name}`, [], FORMAT_TYPE, () => create(FORMAT_DESC, { name }))),
  // Returns optional.none() when valid, otherwise optional.of(<list of problems>).
  celMethod('validate', FORMAT_TYPE, [STRING], OPTIONAL_TYPE, function validate(s) {
    const problems = FORMATS[field<string>(this, 'name')](s);
    return create(OPTIONAL_DESC, { present: problems.length > 0, value: problems });
  }),
  celMethod('hasValue', OPTIONAL_TYPE, [], BOOL, function hasValue() { return field<boolean>(this, 'present'); }),
  celMethod('value', OPTIONAL_TYPE, [], LIST_STRING, function value() {
    if (!field<boolean>(this, 'present')) throw new Error('optional.none() dereference');
    return [...field<Iterable<string>>(this, 'value')];
  }),
  celMethod('orValue', OPTIONAL_TYPE, [LIST_STRING], LIST_STRING, function orValue(fallback) {
    return field<boolean>(this, 'present') ? [...field<Iterable<string>>(this, 'value')] : fallback;
  }),
];

const env = celEnv({
  registry,
  funcs: [...strings, ...urlFunctions, ...ipFunctions, ...formatFunctions],
  re2: { compile: compileRe2 },
});

// --- compilation ---------------------------------------------------------------------------

export type CelProgram = (self: CelInput) => CelResult;

type Expr = ReturnType<typeof parse>['expr'];

export class CelCompileError extends Error {}

/** Variables of CRD validation rules. */
const RULE_VARIABLES = ['self', 'oldSelf'];

const programs = new Map<string, CelProgram | CelCompileError>();

/** Parses, checks and plans a CRD rule or message expression once; throws CelCompileError. */
export function compileCel(expression: string): CelProgram {
  let program = programs.get(expression);
  if (program === undefined) {
    program = tryCompile(expression);
    programs.set(expression, program);
  }
  if (program instanceof CelCompileError) throw program;
  return program;
}

function tryCompile(expression: string): CelProgram | CelCompileError {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(expression);
  } catch (e) {
    return new CelCompileError(`syntax error: ${(e as Error).message}`);
  }
  const problems = new Set<string>();
  checkReferences(parsed.expr, new Set(RULE_VARIABLES), problems);
  if (problems.size > 0) return new CelCompileError([...problems].join('; '));
  const run = plan(env, parsed);
  return (self) => run({ self });
}

/** Whether the expression reads `oldSelf`, which makes it a transition rule. */
export function referencesOldSelf(expression: string): boolean {
  return collectIdents(parse(expression).expr).has('oldSelf');
}

function collectIdents(expr: Expr, into = new Set<string>()): Set<string> {
  forEachChild(expr, (child) => collectIdents(child, into));
  if (expr.exprKind.case === 'identExpr') into.add(expr.exprKind.value.name);
  return into;
}

function forEachChild(expr: Expr, fn: (child: Expr) => void): void {
  const kind = expr.exprKind;
  switch (kind.case) {
    case 'selectExpr':
      if (kind.value.operand) fn(kind.value.operand);
      break;
    case 'callExpr':
      if (kind.value.target) fn(kind.value.target);
      kind.value.args.forEach(fn);
      break;
    case 'listExpr':
      kind.value.elements.forEach(fn);
      break;
    case 'structExpr':
      for (const entry of kind.value.entries) {
        if (entry.keyKind.case === 'mapKey') fn(entry.keyKind.value);
        if (entry.value) fn(entry.value);
      }
      break;
    case 'comprehensionExpr':
      for (const part of [kind.value.iterRange, kind.value.accuInit, kind.value.loopCondition, kind.value.loopStep, kind.value.result]) {
        if (part) fn(part);
      }
      break;
    default:
      break;
  }
}

function hasOverload(name: string, member: boolean, arity: number): boolean {
  const group = env.funcs.find(name);
  if (!group) return false;
  for (const f of group) {
    if ((f.target !== undefined) === member && f.arguments.length === arity) return true;
  }
  return false;
}

const TYPE_IDENTIFIERS = new Set(['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type']);

function checkReferences(expr: Expr, scope: ReadonlySet<string>, problems: Set<string>): void {
  const kind = expr.exprKind;
  if (kind.case === 'identExpr') {
    if (!scope.has(kind.value.name) && !TYPE_IDENTIFIERS.has(kind.value.name)) problems.add(`undeclared reference to '${kind.value.name}'`);
    return;
  }
  if (kind.case === 'comprehensionExpr') {
    const c = kind.value;
    if (c.iterRange) checkReferences(c.iterRange, scope, problems);
    if (c.accuInit) checkReferences(c.accuInit, scope, problems);
    const inner = new Set([...scope, c.iterVar, c.iterVar2, c.accuVar].filter((v) => v !== ''));
    for (const part of [c.loopCondition, c.loopStep, c.result]) if (part) checkReferences(part, inner, problems);
    return;
  }
  if (kind.case === 'callExpr' && /^[A-Za-z]/.test(kind.value.function)) {
    const { function: name, target, args } = kind.value;
    // `format.dns1123Label()` parses as a call on the identifier `format`: try the qualified name.
    const qualified = target?.exprKind.case === 'identExpr' && !scope.has(target.exprKind.value.name)
      ? `${target.exprKind.value.name}.${name}` : undefined;
    if (qualified !== undefined && hasOverload(qualified, false, args.length)) {
      args.forEach((arg) => checkReferences(arg, scope, problems));
      return;
    }
    if (!hasOverload(name, target !== undefined, args.length)) {
      problems.add(`found no matching overload for '${name}' ${target ? 'method' : 'function'} with ${args.length} argument(s)`);
    }
  }
  forEachChild(expr, (child) => checkReferences(child, scope, problems));
}

export { isCelError };
export type { CelInput, CelResult };
