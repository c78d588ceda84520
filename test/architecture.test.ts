import { readdirSync, readFileSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';
import * as ts from 'typescript';

/**
 * The layers of src/ and what each may import, checked on the real import
 * graph (every `import` and `export ... from`, type-only ones included):
 *
 *   model  <- checks <- render <- constructs <- entrypoints
 *     ^         ^         ^          |
 *     +------ values <----+----------+        (values: the props' value types)
 *
 * The renderers never see a construct or a value type, the model sees
 * nothing but itself, and there are no cycles at all.
 */
const SRC = resolve(__dirname, '..', 'src');

const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  model: ['model'],
  errors: ['model'],
  checks: ['model', 'checks'],
  render: ['model', 'checks', 'render', 'imports'],
  values: ['model', 'checks', 'values', 'errors'],
  constructs: ['model', 'checks', 'render', 'values', 'constructs', 'errors', 'imports'],
  entrypoints: ['model', 'checks', 'render', 'values', 'constructs', 'operator', 'errors', 'imports'],
  operator: ['model', 'checks', 'render', 'values', 'constructs', 'errors', 'operator'],
  explain: ['model', 'checks', 'render', 'values', 'constructs', 'errors', 'explain'],
  cli: ['operator', 'explain', 'cli', 'errors'],
  index: ['model', 'values', 'constructs', 'operator', 'explain', 'errors'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'imports' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The files of src/ each file imports (relative imports only), resolved to paths. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
    const targets: string[] = [];
    for (const statement of source.statements) {
      const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier;
      if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
      const target = resolve(dirname(file), specifier.text);
      targets.push(readdirSync(dirname(target)).includes(`${target.split('/').pop()}.ts`) ? `${target}.ts` : join(target, 'index.ts'));
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The layer of a file: its folder under src/, or the file name for top-level files (`errors`, `index`). */
function layer(file: string): string {
  const [first] = relative(SRC, file).split('/');
  return first.replace(/\.ts$/, '');
}

describe('architecture', () => {
  const graph = importGraph();

  test('every layer imports only the layers below it', () => {
    const violations: string[] = [];
    for (const [file, targets] of graph) {
      const allowed = ALLOWED[layer(file)];
      if (allowed === undefined) continue;
      for (const target of targets) {
        if (!allowed.includes(layer(target))) violations.push(`${relative(SRC, file)} imports ${relative(SRC, target)}`);
      }
    }
    expect(violations).toStrictEqual([]);
  });

  test('the import graph has no cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...stack.slice(stack.indexOf(file)), file].map((f) => relative(SRC, f)).join(' -> '));
        return;
      }
      state.set(file, 'visiting');
      stack.push(file);
      for (const target of graph.get(file) ?? []) visit(target);
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file);
    expect(cycles).toStrictEqual([]);
  });

  test('the checker sees real imports (it would catch a cycle)', () => {
    expect(graph.get(join(SRC, 'render', 'index.ts'))).toContain(join(SRC, 'render', 'istio.ts'));
    expect([...graph.values()].flat().length).toBeGreaterThan(100);
  });

  test('the Pulumi adapter (packages/pulumi) uses the core only by its package names, and the core never imports Pulumi', () => {
    const found: string[] = [];
    const adapter = resolve(__dirname, '..', 'packages', 'pulumi', 'src');
    for (const file of sourceFiles(adapter)) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
      for (const statement of source.statements) {
        const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier;
        if (!specifier || !ts.isStringLiteral(specifier)) continue;
        if (specifier.text.startsWith('.') && !resolve(dirname(file), specifier.text).startsWith(adapter)) found.push(`${relative(adapter, file)} imports ${specifier.text}`);
        if (/^cdk8s-istio-ingress\/(?!model$)/.test(specifier.text)) found.push(`${relative(adapter, file)} imports ${specifier.text} (not an entry point)`);
      }
    }
    for (const file of graph.keys()) {
      if (/from '@pulumi\//.test(readFileSync(file, 'utf8'))) found.push(`${relative(SRC, file)} imports @pulumi/*`);
    }
    expect(found).toStrictEqual([]);
  });

  test('no module keeps state: no module-level variables, registries or counters', () => {
    const found: string[] = [];
    for (const file of graph.keys()) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/^(export )?(let|var) /.test(line) || /^(export )?const \w+ = new Weak(Map|Set)/.test(line)) found.push(`${relative(SRC, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toStrictEqual([]);
  });

  test('every optional member of an exported interface says its default (@default), as jsii-style props do', () => {
    const found: string[] = [];
    const adapter = resolve(__dirname, '..', 'packages', 'pulumi', 'src');
    for (const file of [...graph.keys(), ...sourceFiles(adapter)]) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
      const visit = (node: ts.Node): void => {
        if (ts.isInterfaceDeclaration(node) && node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
          for (const member of node.members) {
            if (!ts.isPropertySignature(member) || !member.questionToken || ts.getJSDocTags(member).some((tag) => tag.tagName.text === 'default')) continue;
            found.push(`${relative(resolve(SRC, '..'), file)}: ${node.name.text}.${member.name.getText(source)}`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(found).toStrictEqual([]);
  });
});
