import { parseCSeq, type CSeq } from './cseq.ts';
import { parseDecimal } from './host.ts';
import { splitList } from './lex.ts';
import type { SipMessage } from './message.ts';
import { parseNameAddr, tagOf, type NameAddr } from './name-addr.ts';
import { parseVia, type Via } from './via.ts';

// Typed readers of the headers every upper layer needs, parsed on demand. The parser has checked Via,
// CSeq, From, To, Call-ID and Max-Forwards, so for a parsed message undefined means absent. Contact,
// Route and Record-Route are checked by checkAddressHeaders (checkRequest runs it); until then an
// element that does not parse is left out of the list these readers return.

/** Every Via value, top first. */
export function getVias(m: SipMessage): Via[] {
  const out: Via[] = [];
  for (const v of m.headers.getAll('Via')) {
    const r = parseVia(v);
    if (r.ok) out.push(r.value);
  }
  return out;
}

/** The top Via (RFC 3261 §17.1.3 / §17.2.3 match on its branch and sent-by). */
export function getTopVia(m: SipMessage): Via | undefined {
  const v = m.headers.get('Via');
  if (v === undefined) return undefined;
  const r = parseVia(v);
  return r.ok ? r.value : undefined;
}

export function getCSeq(m: SipMessage): CSeq | undefined {
  const v = m.headers.get('CSeq');
  if (v === undefined) return undefined;
  const r = parseCSeq(v);
  return r.ok ? r.value : undefined;
}

export function getCallId(m: SipMessage): string | undefined {
  return m.headers.get('Call-ID');
}

function nameAddr(m: SipMessage, name: string): NameAddr | undefined {
  const v = m.headers.get(name);
  if (v === undefined) return undefined;
  const r = parseNameAddr(v);
  return r.ok ? r.value : undefined;
}

export function getFrom(m: SipMessage): NameAddr | undefined {
  return nameAddr(m, 'From');
}

export function getTo(m: SipMessage): NameAddr | undefined {
  return nameAddr(m, 'To');
}

export function getFromTag(m: SipMessage): string | undefined {
  const f = getFrom(m);
  return f === undefined ? undefined : tagOf(f);
}

export function getToTag(m: SipMessage): string | undefined {
  const t = getTo(m);
  return t === undefined ? undefined : tagOf(t);
}

function nameAddrList(m: SipMessage, name: string): NameAddr[] {
  const out: NameAddr[] = [];
  for (const row of m.headers.getAll(name)) {
    for (const v of splitList(row)) {
      const r = parseNameAddr(v);
      if (r.ok) out.push(r.value);
    }
  }
  return out;
}

/** Contact values, or '*' for the REGISTER wildcard (RFC 3261 §10.2.2). */
export function getContacts(m: SipMessage): NameAddr[] | '*' {
  const rows = m.headers.getAll('Contact');
  if (rows.length === 1 && rows[0] === '*') return '*';
  return nameAddrList(m, 'Contact');
}

export function getRoutes(m: SipMessage): NameAddr[] {
  return nameAddrList(m, 'Route');
}

export function getRecordRoutes(m: SipMessage): NameAddr[] {
  return nameAddrList(m, 'Record-Route');
}

/** Max-Forwards (RFC 3261 §20.22), or undefined when absent or not a number. */
export function getMaxForwards(m: SipMessage): number | undefined {
  const v = m.headers.get('Max-Forwards');
  return v === undefined ? undefined : parseDecimal(v, 0, v.length, 255); // leading zeros allowed (RFC 4475 wsinv: 0068)
}
