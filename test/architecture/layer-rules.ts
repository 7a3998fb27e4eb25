// Classifies one import and judges it against the matrix: pure functions over strings, so the
// rules can be shown to reject a bad edge without a bad file in src/.
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import { LAYERS, MAY_IMPORT, MAY_USE, type Layer } from './layer-matrix.ts';

export type ImportTarget =
  | { kind: 'layer'; layer: string }
  | { kind: 'builtin'; module: string }
  | { kind: 'package'; name: string }
  | { kind: 'outside-src'; path: string }
  | { kind: 'computed' };

const BUILTINS = new Set(builtinModules);

/** The top folder of a path relative to src/ ('app/call/live-call.ts' -> 'app'); a file at src/ itself has none. */
export function layerOf(srcPath: string): string {
  const slash = srcPath.indexOf('/');
  return slash < 0 ? '(src/ itself)' : srcPath.slice(0, slash);
}

/** Where `specifier`, written in the file at `fromSrcPath` (relative to src/, posix), points. */
export function targetOf(fromSrcPath: string, specifier: string | null): ImportTarget {
  if (specifier === null) return { kind: 'computed' };
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const to = posix.normalize(posix.join(posix.dirname(fromSrcPath), specifier));
    if (specifier.startsWith('/') || to === '..' || to.startsWith('../')) return { kind: 'outside-src', path: to };
    return { kind: 'layer', layer: layerOf(to) };
  }
  const bare = specifier.startsWith('node:') ? specifier.slice('node:'.length) : specifier;
  if (specifier.startsWith('node:') || BUILTINS.has(bare) || BUILTINS.has(bare.split('/')[0]!)) return { kind: 'builtin', module: bare };
  const parts = specifier.split('/');
  return { kind: 'package', name: specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]! };
}

function isLayer(name: string): name is Layer {
  return (LAYERS as readonly string[]).includes(name);
}

const list = (items: readonly string[], fmt: (s: string) => string): string => (items.length ? items.map(fmt).join(', ') : 'nothing');

/** The rule an import from a file of layer `from` breaks, or null when the matrix allows it. */
export function ruleBroken(from: string, target: ImportTarget): string | null {
  if (!isLayer(from)) return `src/${from} is no layer of the matrix (add it to test/architecture/layer-matrix.ts)`;
  switch (target.kind) {
    case 'computed':
      return 'a computed import() hides its target from the layer check; import a literal path';
    case 'outside-src':
      return `src/ imports nothing outside itself (resolves to ${target.path})`;
    case 'layer':
      if (target.layer === from) return null;
      if (!isLayer(target.layer)) return `src/${target.layer} is no layer of the matrix`;
      if (MAY_IMPORT[from].includes(target.layer)) return null;
      return `${from}/ may import only ${list(MAY_IMPORT[from], (l) => `${l}/`)} besides itself, not ${target.layer}/`;
    case 'builtin': {
      const use = MAY_USE[from];
      if (!use || use.node.includes(target.module) || use.node.includes(target.module.split('/')[0]!)) return null;
      return `${from}/ may use ${use.node.length ? `only ${list(use.node, (m) => `node:${m}`)}` : 'no Node built-in'}, not node:${target.module}`;
    }
    case 'package': {
      const use = MAY_USE[from];
      if (!use || use.packages.includes(target.name)) return null;
      return `${from}/ may use only the packages ${list(use.packages, (p) => p)}, not ${target.name}`;
    }
  }
}
