import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { worldConfigSchema, type WorldConfig } from './schema.ts';
import { ConfigError, type ConfigIssue } from './config-error.ts';

export interface LoadedConfig {
  config: WorldConfig;
  /** Absolute path of the file, and its directory (flow paths are relative to it). */
  file: string;
  baseDir: string;
  /** Line of a key path in the file, for errors found after schema validation. */
  lineOf: (path: (string | number)[]) => number | undefined;
}

/** Reads, parses and validates a world config; throws ConfigError naming file, line, key and reason. */
export function loadConfigFile(path: string): LoadedConfig {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([{ file: path, path: '', message: `cannot read config file: ${(err as Error).message}` }]);
  }
  const { config, lineOf: locate } = parseConfigText(text, path);
  return { config, file, baseDir: dirname(file), lineOf: locate };
}

export function parseConfigText(
  text: string,
  fileLabel: string,
): { config: WorldConfig; lineOf: (path: (string | number)[]) => number | undefined } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => ({
        file: fileLabel,
        line: lineCounter.linePos(e.pos[0]).line,
        path: '',
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
      })),
    );
  }
  const result = worldConfigSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return { config: result.data, lineOf: (p) => lineOf(doc, p.map(String), lineCounter) };
  const issues: ConfigIssue[] = result.error.issues.map((issue) => {
    const keys = issue.path.map(String);
    // Unknown keys are reported on their parent; point at the key itself.
    const unknown = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const at = unknown.length > 0 ? [...keys, unknown[0]!] : keys;
    return {
      file: fileLabel,
      line: lineOf(doc, at, lineCounter),
      path: at.join('.'),
      message:
        unknown.length > 0 ? `unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}` : issue.message,
    };
  });
  throw new ConfigError(issues);
}

/** The line of the deepest existing node on `path`, so a missing key points at its parent. */
export function lineOf(doc: Document, path: string[], lc: LineCounter): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const keys = path.slice(0, n).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    const node = n === 0 ? doc.contents : doc.getIn(keys, true);
    if (isNode(node) && node.range) {
      // For a key whose value is a map, the range starts at the value; report the key's line instead.
      const pair = n > 0 ? findKeyLine(doc, keys, lc) : undefined;
      return pair ?? lc.linePos(node.range[0]).line;
    }
  }
  return undefined;
}

function findKeyLine(doc: Document, keys: (string | number)[], lc: LineCounter): number | undefined {
  const parent = keys.length === 1 ? doc.contents : doc.getIn(keys.slice(0, -1), true);
  const last = keys[keys.length - 1];
  if (parent && typeof parent === 'object' && 'items' in parent && Array.isArray(parent.items)) {
    for (const item of parent.items as unknown[]) {
      if (item && typeof item === 'object' && 'key' in item) {
        const key = (item as { key: unknown }).key;
        if (isNode(key) && key.range && String((key as { value?: unknown }).value) === String(last)) return lc.linePos(key.range[0]).line;
      }
    }
  }
  return undefined;
}
