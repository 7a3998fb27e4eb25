import { parseCSeq } from './cseq.ts';
import { parseDecimal } from './host.ts';
import type { SipHeaders } from './headers.ts';
import { splitList } from './lex.ts';
import { parseNameAddr } from './name-addr.ts';
import { parseUri } from './uri.ts';
import { parseVia } from './via.ts';

// The headers the transaction layer reads (Via, CSeq, Call-ID, From/To tags, Max-Forwards) and the
// Request-URI are checked when a message is parsed, so a parsed message never hands them a value that
// does not parse. The dialog-level address lists (Contact, Route, Record-Route) are checked by
// checkAddressHeaders, which checkRequest runs and a UAC runs on the responses it uses.

function checkAddresses(headers: SipHeaders, name: string, list: boolean): string | undefined {
  for (const row of headers.getAll(name)) {
    if (list && row === '*' && name === 'Contact') continue; // §10.2.2 wildcard
    for (const v of list ? splitList(row) : [row]) {
      const r = parseNameAddr(v);
      if (!r.ok) return `${name}: ${r.reason}`;
    }
  }
  return undefined;
}

/** Why the message's core headers are malformed, or undefined when they are well formed. Order decides which problem is named first. */
export function checkCoreHeaders(headers: SipHeaders, requestUri: string | undefined): string | undefined {
  if (requestUri !== undefined) {
    const u = parseUri(requestUri);
    if (!u.ok) return `Request-URI: ${u.reason}`;
  }
  for (const v of headers.getAll('CSeq')) {
    const r = parseCSeq(v);
    if (!r.ok) return r.reason;
  }
  for (const v of headers.getAll('Via')) {
    const r = parseVia(v);
    if (!r.ok) return r.reason.startsWith('Via') ? r.reason : `Via: ${r.reason}`;
  }
  const addr = checkAddresses(headers, 'From', false) ?? checkAddresses(headers, 'To', false);
  if (addr !== undefined) return addr;
  for (const v of headers.getAll('Call-ID')) {
    if (v.length === 0 || v.includes(' ') || v.includes('\t')) return 'Call-ID is empty or holds whitespace';
  }
  for (const v of headers.getAll('Max-Forwards')) {
    if (parseDecimal(v, 0, v.length, 255) === undefined) return 'Max-Forwards is not a number from 0 to 255';
  }
  return undefined;
}

/** Why Contact, Route or Record-Route is malformed (every element must be a name-addr or addr-spec), or undefined. */
export function checkAddressHeaders(headers: SipHeaders): string | undefined {
  return (
    checkAddresses(headers, 'Contact', true) ?? checkAddresses(headers, 'Route', true) ?? checkAddresses(headers, 'Record-Route', true)
  );
}
