import { PARAM_VALUE, TOKEN, quote, readQuoted, scan, skipWs } from './lex.ts';
import { fail, ok, type Result } from './result.ts';

/** Header parameters `;name[=value]` (RFC 3261 §7.3.1 generic-param). Names lower-cased (they are case-insensitive); null = no value; quoted values unquoted. */
export type SipParams = Map<string, string | null>;

/** Parses `*( SEMI generic-param )` from `start`; stops at the first character that does not continue it. */
export function parseParams(s: string, start: number): Result<{ params: SipParams; end: number }> {
  const params: SipParams = new Map();
  let i = start;
  for (;;) {
    const j = skipWs(s, i);
    if (j >= s.length || s.charCodeAt(j) !== 59) return ok({ params, end: i });
    const nameStart = skipWs(s, j + 1);
    const nameEnd = scan(s, nameStart, TOKEN);
    if (nameEnd === nameStart) return fail('empty parameter name');
    const name = s.slice(nameStart, nameEnd).toLowerCase();
    let k = skipWs(s, nameEnd);
    if (k < s.length && s.charCodeAt(k) === 61) {
      k = skipWs(s, k + 1);
      if (k < s.length && s.charCodeAt(k) === 34) {
        const q = readQuoted(s, k);
        if (q === undefined) return fail(`unterminated quoted value of parameter ${name}`);
        params.set(name, q.value);
        i = q.end;
      } else {
        const valueEnd = scan(s, k, PARAM_VALUE);
        if (valueEnd === k) return fail(`parameter ${name} has an empty value`);
        params.set(name, s.slice(k, valueEnd));
        i = valueEnd;
      }
    } else {
      params.set(name, null);
      i = nameEnd;
    }
  }
}

/** Writes params as `;name=value`, quoting a value that is not a token or host. */
export function formatParams(params: SipParams): string {
  let out = '';
  for (const [name, value] of params) {
    out += ';' + name;
    if (value !== null) out += '=' + (value.length > 0 && scan(value, 0, PARAM_VALUE) === value.length ? value : quote(value));
  }
  return out;
}
