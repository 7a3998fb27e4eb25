// Client-side helper for tests only: the server only unflattens.
/**
 * Nested parameters as dotted names, exactly as the official SDK's mergeData sends them in GET
 * queries and v1 forms: `{ Callers: ['x'] }` -> `{ 'Callers.0': 'x' }`. null and undefined are
 * dropped (so empty lists vanish); other values become strings. The inverse of unflattenParams.
 */
export function flattenParams(
  data: Record<string, unknown> | unknown[],
  prefix = '',
  out: Record<string, string> = {},
): Record<string, string> {
  for (const k of Object.keys(data)) {
    const v = (data as Record<string, unknown>)[k];
    if (v === null || v === undefined) continue;
    if (typeof v === 'object') flattenParams(v as Record<string, unknown>, `${prefix}${k}.`, out);
    else out[`${prefix}${k}`] = String(v);
  }
  return out;
}
