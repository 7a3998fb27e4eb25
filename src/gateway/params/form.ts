import { parse } from 'node:querystring';
import { ApiError } from '../../shared/errors.ts';

/**
 * Decodes `a=1&b=x%20y` (also `+` as space, as forms encode it) into a flat map. A name given twice
 * is refused with InvalidParameter: no official SDK sends one, and "first" or "last wins" would
 * let what is used differ from what a reader of the request expects.
 */
export function parseQuery(raw: string): Record<string, string> {
  // maxKeys 0: no silent truncation at querystring's default of 1000 names.
  const parsed = parse(raw, '&', '=', { maxKeys: 0 });
  const out: Record<string, string> = {};
  for (const name of Object.keys(parsed)) {
    const v = parsed[name];
    if (typeof v !== 'string') throw new ApiError('InvalidParameter', `The parameter \`${name}\` is given more than once.`);
    if (name === '__proto__') throw new ApiError('InvalidParameter', 'The parameter name `__proto__` is not allowed.');
    out[name] = v;
  }
  return out;
}

/** An application/x-www-form-urlencoded body (UTF-8), decoded like a query string. */
export function parseFormBody(buf: Buffer): Record<string, string> {
  return parseQuery(buf.toString('utf8'));
}
