// Which UAS role answers an inbound request, in RFC 3261 §8.2's order (method, then dialog, then the method's handler).
import { getToTag, type SipRequest } from '../message/index.ts';
import { ALLOWED_METHODS, KNOWN_UNSUPPORTED } from './capabilities.ts';

export type RequestRoute =
  | { kind: 'reject'; status: 405 | 501; headers: [string, string][] }
  | { kind: 'cancel' }
  | { kind: 'in-dialog' }
  | { kind: 'options' }
  | { kind: 'invite' };

/** Pure: the route for a request that passed checkRequest. ACK never gets here (it has no server transaction, §17). */
export function routeRequest(request: SipRequest): RequestRoute {
  const m = request.method;
  const allow: [string, string][] = [['Allow', ALLOWED_METHODS.join(', ')]];
  if (!ALLOWED_METHODS.includes(m)) return { kind: 'reject', status: KNOWN_UNSUPPORTED.has(m) ? 405 : 501, headers: allow };
  if (m === 'CANCEL') return { kind: 'cancel' };
  // §12.2.2: a To tag means a dialog; BYE only exists in one (§15)
  if (m === 'BYE' || getToTag(request) !== undefined) return { kind: 'in-dialog' };
  if (m === 'OPTIONS') return { kind: 'options' };
  if (m === 'INVITE') return { kind: 'invite' };
  return { kind: 'in-dialog' };
}
