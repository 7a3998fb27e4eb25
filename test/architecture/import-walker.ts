// Finds every module specifier a source file names, with the TypeScript parser rather than a regex,
// so an import spelled inside a string or a comment (the demo's SDK snippet) is not an edge.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export interface ImportSite {
  line: number;
  /** The module specifier as written, or null for an `import()` whose argument is computed. */
  specifier: string | null;
}

/** Static imports, `export ... from`, `import()` calls, `import('x').T` types and `import x = require('x')`. */
export function importsOf(fileName: string, text: string): ImportSite[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const sites: ImportSite[] = [];
  const add = (node: ts.Node, spec: ts.Node | undefined): void => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    sites.push({ line, specifier: spec && ts.isStringLiteralLike(spec) ? spec.text : null });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node, node.moduleSpecifier);
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier) add(node, node.moduleSpecifier);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node, node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

/** Every .ts file under dir, sorted, so failures read in a stable order. */
export function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? tsFilesUnder(p) : p.endsWith('.ts') ? [p] : [];
    });
}

export function importsOfFile(path: string): ImportSite[] {
  return importsOf(path, readFileSync(path, 'utf8'));
}
