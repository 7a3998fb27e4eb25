// The import matrix of ARCHITECTURE.md's layers: the one source of truth that layers.test.ts
// checks src/ against and docs/architecture.md's table is rendered from.

export const LAYERS = ['shared', 'domain', 'ivr', 'media', 'telephony', 'storage', 'events', 'app', 'gateway', 'cli'] as const;
export type Layer = (typeof LAYERS)[number];

/** The top folders under src/ each layer may import, besides itself. */
export const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  shared: [],
  domain: ['shared'],
  ivr: ['shared', 'domain'],
  media: ['shared', 'domain'],
  telephony: ['shared', 'domain', 'media'],
  storage: ['shared', 'domain'],
  events: ['shared', 'domain'],
  app: ['shared', 'domain', 'ivr', 'media', 'telephony', 'storage', 'events'],
  gateway: ['shared', 'domain', 'app'],
  cli: ['shared', 'domain', 'ivr', 'app', 'gateway'],
};

/** npm packages that do no I/O: the only ones the pure core may use. */
export const PURE_PACKAGES = ['zod', 'yaml', 'libphonenumber-js'] as const;

export interface OutsideModules {
  /** Node built-ins, without the `node:` prefix. */
  node: readonly string[];
  packages: readonly string[];
}

/** What a layer may use from outside src/; a layer not listed may use any module. */
export const MAY_USE: Readonly<Partial<Record<Layer, OutsideModules>>> = {
  // The core is pure and synchronous: no built-in at all, not even node:path.
  domain: { node: [], packages: PURE_PACKAGES },
  ivr: { node: [], packages: PURE_PACKAGES },
  // Everyone imports shared/, so it may emit, hash and log, but never touch a file or a socket.
  shared: { node: ['events', 'crypto'], packages: ['pino', ...PURE_PACKAGES] },
};

function outsideCell(layer: Layer): string {
  const use = MAY_USE[layer];
  if (!use) return 'any';
  const node = use.node.length ? use.node.map((m) => `\`node:${m}\``).join(', ') : 'no Node built-in';
  return `${node}; ${use.packages.map((p) => `\`${p}\``).join(', ')}`;
}

/** The matrix as the Markdown table docs/architecture.md carries between its import-matrix markers. */
export function renderMatrixTable(): string {
  const rows = LAYERS.map((layer) => {
    const inner = MAY_IMPORT[layer].length ? MAY_IMPORT[layer].map((l) => `\`${l}/\``).join(', ') : 'nothing';
    return `| \`${layer}/\` | ${inner} | ${outsideCell(layer)} |`;
  });
  return ['| folder | may import (besides itself) | modules from outside src/ |', '| --- | --- | --- |', ...rows].join('\n');
}
