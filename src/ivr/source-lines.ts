import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** Dotted key path -> 1-based line of that key in the YAML source (list items by index). */
export type SourceLines = Record<string, number>;

export function collectLines(doc: Document, lc: LineCounter): SourceLines {
  const lines: SourceLines = { '': 1 };
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

/** The line of the deepest key on `path` that exists, so a missing key points at its parent. */
export function lineAt(lines: SourceLines, path: readonly (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const line = lines[path.slice(0, n).join('.')];
    if (line !== undefined) return line;
  }
  return undefined;
}
