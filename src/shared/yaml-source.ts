import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import type { SourceIssue } from './source-issue.ts';

/** Dotted key path -> 1-based line of that key in the YAML source (list items by index). */
export type SourceLines = Readonly<Record<string, number>>;

/** A parsed YAML file that remembers where each key was written, for errors found later. */
export interface YamlSource {
  file: string;
  /** The document as plain JS (undefined for an empty file). */
  value: unknown;
  lines: SourceLines;
}

export type YamlParse = { ok: true; source: YamlSource } | { ok: false; issues: SourceIssue[] };

/** Parses YAML text; syntax errors (and duplicate keys) come back as issues with their lines. */
export function parseYamlSource(text: string, file: string): YamlParse {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        file,
        line: lc.linePos(e.pos[0]).line,
        path: '',
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  return { ok: true, source: { file, value: doc.toJS() ?? undefined, lines: collectLines(doc, lc) } };
}

/** The line of the deepest key on `path` that exists, so a missing key points at its parent. */
export function lineAt(lines: SourceLines, path: readonly (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const line = lines[path.slice(0, n).join('.')];
    if (line !== undefined) return line;
  }
  return undefined;
}

/** An issue at a key path of the source. */
export function issueAt(source: YamlSource, path: readonly (string | number)[], message: string): SourceIssue {
  return { file: source.file, line: lineAt(source.lines, path), path: path.join('.'), message };
}

/** Schema failures as source issues; zod reports unknown keys on their parent, so point at the key itself. */
export function schemaIssues(source: YamlSource, issues: readonly z.core.$ZodIssue[]): SourceIssue[] {
  return issues.map((issue) => {
    const keys = issue.path.map(String);
    if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) {
      const names = issue.keys.map((k) => `"${k}"`).join(', ');
      return issueAt(source, [...keys, issue.keys[0]!], `unknown key${issue.keys.length > 1 ? 's' : ''} ${names}`);
    }
    return issueAt(source, keys, issue.message);
  });
}

function collectLines(doc: Document, lc: LineCounter): SourceLines {
  const lines: Record<string, number> = { '': 1 };
  const visit = (node: unknown, path: string): void => {
    if (isMap(node)) {
      for (const item of node.items) {
        const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
        const keyPath = path ? `${path}.${key}` : key;
        const range = (item.key as Node | null)?.range;
        if (range) lines[keyPath] = lc.linePos(range[0]).line;
        visit(item.value, keyPath);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const itemPath = path ? `${path}.${i}` : String(i);
        const range = (item as Node | null)?.range;
        if (range) lines[itemPath] = lc.linePos(range[0]).line;
        visit(item, itemPath);
      });
    }
  };
  visit(doc.contents, '');
  return lines;
}
