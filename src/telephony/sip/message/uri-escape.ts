// %HEX escaping of URI components (RFC 3261 §19.1.1, §25.1). Decoded components are byte strings
// (one char per octet), so %00 and non-UTF-8 octets survive decode and re-encode exactly.

function table(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) t[c] = 1;
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}

const UNRESERVED = "-_.!~*'()";
/** user = 1*( unreserved / escaped / user-unreserved ). */
export const USER_CHARS = table(UNRESERVED + '&=+$,;?/');
/** password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ). */
export const PASSWORD_CHARS = table(UNRESERVED + '&=+$,');
/** paramchar = param-unreserved / unreserved / escaped. */
export const PARAM_CHARS = table(UNRESERVED + '[]/:&+$');
/** hname / hvalue = hnv-unreserved / unreserved / escaped. */
export const HEADER_CHARS = table(UNRESERVED + '[]/?:+$');

function hex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Decodes `s[from, to)` if every character is in `allowed` or part of a %HEX HEX escape; undefined otherwise. */
export function unescapeComponent(s: string, from: number, to: number, allowed: Uint8Array): string | undefined {
  let out = '';
  let run = from;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 37) {
      const h = i + 2 < to ? hex(s.charCodeAt(i + 1)) : -1;
      const l = h >= 0 ? hex(s.charCodeAt(i + 2)) : -1;
      if (l < 0) return undefined;
      out += s.slice(run, i) + String.fromCharCode(h * 16 + l);
      i += 2;
      run = i + 1;
    } else if (c >= 128 || allowed[c] !== 1) return undefined;
  }
  return run === from ? s.slice(from, to) : out + s.slice(run, to);
}

/** Escapes every octet of the byte string `v` that `allowed` does not hold. */
export function escapeComponent(v: string, allowed: Uint8Array): string {
  let out = '';
  let run = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 128 && allowed[c] === 1) continue;
    out += v.slice(run, i) + '%' + (c & 0xff).toString(16).toUpperCase().padStart(2, '0');
    run = i + 1;
  }
  return run === 0 ? v : out + v.slice(run);
}
