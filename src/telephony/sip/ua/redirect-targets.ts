// The targets a 3xx offers (RFC 3261 §8.1.3.4, §20.10): its Contact URIs, highest q first.
import { getContacts, type SipResponse, type Uri } from '../message/index.ts';
import { requestUriOf } from '../dialog/index.ts';

export interface RedirectTarget {
  /** The new Request-URI (§19.1.1: no `method` parameter or headers there). */
  requestUri: string;
  uri: Uri;
  /** 0 to 1; a Contact without q counts as 1 (§20.10 leaves it open; the common reading). */
  q: number;
}

function qOf(raw: string | null | undefined): number {
  if (raw === undefined || raw === null) return 1;
  const q = Number(raw);
  return Number.isFinite(q) && q >= 0 && q <= 1 ? q : 0;
}

/** §8.1.3.4: the Contacts of a 3xx, q descending (stable for ties); a `*` or a non-SIP URI is no target here. */
export function redirectTargets(response: SipResponse): RedirectTarget[] {
  const contacts = getContacts(response);
  if (contacts === '*') return [];
  const out: RedirectTarget[] = [];
  for (const c of contacts) {
    if (c.uri.kind !== 'sip') continue;
    out.push({ requestUri: requestUriOf(c.uri), uri: c.uri, q: qOf(c.params.get('q')) });
  }
  return out.sort((a, b) => b.q - a.q);
}
