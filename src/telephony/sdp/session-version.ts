import type { OfferOptions } from './create-offer.ts';

/**
 * Re-offers within a dialog keep o='s session id and raise its version by one (RFC 3264 §8;
 * RFC 4566 §5.2). Hold is a re-offer with sendonly, or inactive if we were already receiving nothing (§8.4).
 */
export function nextOffer(previous: OfferOptions, changes: Partial<Omit<OfferOptions, 'sessionId' | 'sessionVersion'>> = {}): OfferOptions {
  return { ...previous, ...changes, sessionId: previous.sessionId, sessionVersion: previous.sessionVersion + 1 };
}

/** RFC 3264 §8.4: hold by offering sendonly; a stream that was recvonly becomes inactive. */
export function holdOffer(previous: OfferOptions): OfferOptions {
  const dir = previous.direction ?? 'sendrecv';
  return nextOffer(previous, { direction: dir === 'recvonly' || dir === 'inactive' ? 'inactive' : 'sendonly' });
}

/** Resume after holdOffer: back to sendrecv, version + 1. */
export function resumeOffer(previous: OfferOptions): OfferOptions {
  return nextOffer(previous, { direction: 'sendrecv' });
}

/** A fresh session id for a new dialog: RFC 4566 §5.2 suggests an NTP timestamp; any unique digits do. */
export function newSessionId(random: () => number, nowMs: number): string {
  return `${Math.floor(nowMs / 1000) + 2208988800}${Math.floor(random() * 1e6)
    .toString()
    .padStart(6, '0')}`;
}
