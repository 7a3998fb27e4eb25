/**
 * `${name}` substitution for prompt texts and `set` values.
 * - `${name}` is replaced by the variable's value; an unknown variable becomes "" (as in TCCC).
 * - `$${` is an escape: it renders a literal `${`.
 * - A `${` with no closing `}` is kept literally (the validator warns about it).
 * Spaces around a name are ignored: `${ name }` is `${name}`.
 */
export type TemplatePart = { kind: 'text'; value: string } | { kind: 'var'; name: string };

export interface Template {
  parts: TemplatePart[];
  /** True when a `${` was never closed and was kept as text. */
  unterminated: boolean;
}

export type VariableLookup = (name: string) => string | undefined;

export function parseTemplate(src: string): Template {
  const parts: TemplatePart[] = [];
  let text = '';
  let unterminated = false;
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('${', i);
    if (open < 0) {
      text += src.slice(i);
      break;
    }
    // `$${` is the escape; the first `$` must not itself be part of an earlier match.
    if (open > i && src[open - 1] === '$') {
      text += src.slice(i, open - 1) + '${';
      i = open + 2;
      continue;
    }
    const close = src.indexOf('}', open + 2);
    if (close < 0) {
      unterminated = true;
      text += src.slice(i);
      break;
    }
    text += src.slice(i, open);
    if (text) parts.push({ kind: 'text', value: text });
    text = '';
    parts.push({ kind: 'var', name: src.slice(open + 2, close).trim() });
    i = close + 1;
  }
  if (text) parts.push({ kind: 'text', value: text });
  return { parts, unterminated };
}

export function renderTemplate(src: string, lookup: VariableLookup): string {
  if (!src.includes('${')) return src;
  let out = '';
  for (const p of parseTemplate(src).parts) out += p.kind === 'text' ? p.value : (lookup(p.name) ?? '');
  return out;
}

/** Names a template refers to, in order of first use. */
export function templateVariables(src: string): string[] {
  const names = parseTemplate(src).parts.flatMap((p) => (p.kind === 'var' ? [p.name] : []));
  return [...new Set(names)];
}
