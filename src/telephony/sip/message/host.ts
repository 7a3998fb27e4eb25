import { fail, ok, type Result } from './result.ts';

/** host [":" port] (RFC 3261 §25.1 hostport): hostname, IPv4address or IPv6reference. */
export function parseHost(s: string, from: number, to: number): Result<{ host: string; port?: number }> {
  let hostEnd: number;
  if (from < to && s.charCodeAt(from) === 91) {
    const close = s.indexOf(']', from);
    if (close < 0 || close >= to) return fail('IPv6 reference has no closing ]');
    for (let i = from + 1; i < close; i++) {
      const c = s.charCodeAt(i);
      const hex = (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 46;
      if (!hex) return fail('IPv6 reference holds a character that is not hex, : or .');
    }
    if (close === from + 1) return fail('IPv6 reference is empty');
    hostEnd = close + 1;
  } else {
    hostEnd = from;
    let numeric = true;
    while (hostEnd < to) {
      const c = s.charCodeAt(hostEnd);
      if ((c >= 48 && c <= 57) || c === 46) {
        hostEnd++;
        continue;
      }
      if (c === 58) break;
      if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45))
        return fail('host holds a character that is not a letter, digit, - or .');
      numeric = false;
      hostEnd++;
    }
    if (hostEnd === from) return fail('host is empty');
    if (numeric && !ipv4Ok(s, from, hostEnd)) return fail('numeric host is not a valid IPv4 address');
  }
  const host = s.slice(from, hostEnd);
  if (hostEnd === to) return ok({ host });
  if (s.charCodeAt(hostEnd) !== 58) return fail('host is followed by something other than :port');
  const port = parseDecimal(s, hostEnd + 1, to, 65535);
  if (port === undefined) return fail('port is not a number from 0 to 65535');
  return ok({ host, port });
}

// A host of only digits and dots must be a dotted-quad IPv4address (a hostname's top label starts with a letter, §25.1).
function ipv4Ok(s: string, from: number, to: number): boolean {
  let octets = 0;
  let value = -1;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (value < 0) return false;
      octets++;
      value = -1;
    } else {
      value = (value < 0 ? 0 : value) * 10 + (c - 48);
      if (value > 255) return false;
    }
  }
  return value >= 0 && octets === 3;
}

/** 1*DIGIT in s[from, to) no larger than `max`, or undefined. Leading zeros are allowed (RFC 4475 §3.1.1.1). */
export function parseDecimal(s: string, from: number, to: number, max: number): number | undefined {
  if (from >= to) return undefined;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    v = v * 10 + (c - 48);
    if (v > max) return undefined;
  }
  return v;
}
