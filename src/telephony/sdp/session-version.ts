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

/** Our last SDP in the dialog, as sent, with the o= version it carried. */
export interface SentSdp {
  sdp: string;
  version: number;
}

const withoutOrigin = (sdp: string) => sdp.replace(/^o=.*$/m, '');

/**
 * RFC 3264 §8: each SDP we send in a dialog carries the previous version if nothing changed, else
 * previous + 1. `build(version)` writes the SDP (createOffer or answerOffer) for a given version, so a
 * re-INVITE that changes nothing is answered with byte-identical SDP.
 */
export function versioned(previous: SentSdp | undefined, first: number, build: (version: number) => string): SentSdp {
  if (!previous) return { sdp: build(first), version: first };
  const same = build(previous.version);
  if (withoutOrigin(same) === withoutOrigin(previous.sdp)) return { sdp: same, version: previous.version };
  return { sdp: build(previous.version + 1), version: previous.version + 1 };
}
