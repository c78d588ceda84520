import { readFileSync } from 'fs';
import { dirname, join, resolve } from 'path';
import * as ts from 'typescript';

/** A public member that takes values: `new X`, `X.factory`, `X#mutator`. */
export interface ApiMember {
  readonly name: string;
  /** Why the junk sweep leaves it out, when it does. */
  readonly excluded?: string;
}

const ROOT = resolve(__dirname, '../../src');

/** Classes whose public members take no props of a construct program, and why the sweep leaves them out. */
const EXCLUDED_CLASSES: Readonly<Record<string, string>> = {
  ValidationError: 'the error type itself',
  Capabilities: 'reads the capability table, takes a feature enum only',
  RouteExplainer: 'reads manifests, not construct props; swept by test/explain/properties.test.ts',
  ManifestError: 'an error type of the explainer',
  RequestError: 'an error type of the explainer',
  RoutingDiagram: 'renders an explainer table',
  RouteTestSuite: 'reads route tests for the explainer; swept by test/explain/route-tests.test.ts',
};

/** Members that take no value (getters aside) or only read. */
const EXCLUDED_MEMBERS: Readonly<Record<string, string>> = {
  'IngressGateway#toModel': 'takes no argument',
};

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return (ts.canHaveModifiers(node) ? ts.getModifiers(node) ?? [] : []).some((m) => m.kind === kind);
}

function isInternal(node: ts.Node): boolean {
  return ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'internal');
}

/** The value exports of an entry point: name and the module that declares them. */
function valueExports(file: string): { name: string; module: string }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const result: { name: string; module: string }[] = [];
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || statement.isTypeOnly || !statement.moduleSpecifier || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
    const module = join(dirname(file), `${(statement.moduleSpecifier as ts.StringLiteral).text}.ts`);
    for (const element of statement.exportClause.elements) if (!element.isTypeOnly) result.push({ name: element.name.text, module });
  }
  return result;
}

/**
 * Every public constructor, static method and instance method of the classes the root entry point
 * exports, read from the sources (syntax only: fast, and private members are known by their modifiers).
 */
export function apiSurface(): ApiMember[] {
  const members: ApiMember[] = [];
  for (const { name, module } of valueExports(join(ROOT, 'index.ts'))) {
    const source = ts.createSourceFile(module, readFileSync(module, 'utf8'), ts.ScriptTarget.Latest, true);
    const declaration = source.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === name);
    if (!declaration) continue; // an enum
    const excludedClass = EXCLUDED_CLASSES[name];
    for (const member of declaration.members) {
      if (hasModifier(member, ts.SyntaxKind.PrivateKeyword) || hasModifier(member, ts.SyntaxKind.ProtectedKeyword) || isInternal(member)) continue;
      let memberName: string | undefined;
      if (ts.isConstructorDeclaration(member)) {
        if (member.parameters.length > 0) memberName = `new ${name}`;
      } else if (ts.isMethodDeclaration(member) && member.name && ts.isIdentifier(member.name) && !member.name.text.startsWith('_')) {
        memberName = hasModifier(member, ts.SyntaxKind.StaticKeyword) ? `${name}.${member.name.text}` : `${name}#${member.name.text}`;
      }
      if (memberName === undefined) continue;
      members.push({ name: memberName, excluded: excludedClass ?? EXCLUDED_MEMBERS[memberName] });
    }
  }
  return members;
}
