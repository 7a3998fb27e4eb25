// What the SIP carrier offers and how an SDP negotiation becomes the media engine's parameters.
import { randomInt } from 'node:crypto';
import type { NegotiatedMedia as EngineMedia } from '../../rtp/engine/rtp-session-types.ts';
import type { G711Codec, NegotiatedMedia as SdpMedia } from '../../sdp/negotiated-media.ts';

/** PCMU first: what most trunks prefer; both laws are offered and accepted (RFC 3551 §4.5.14). */
export const OFFERED_CODECS: readonly G711Codec[] = ['PCMU', 'PCMA'];
/** Our dynamic payload type for RFC 4733 telephone-event in offers (the common choice). */
export const TELEPHONE_EVENT_PT = 101;

/** A session opened for an offer: nothing to send to until the answer (or the peer's first packet, RFC 4961). */
export const OFFER_MEDIA: EngineMedia = { law: 'pcmu', payloadType: 0, telephoneEventPt: TELEPHONE_EVENT_PT };

/** The engine's view of what SDP settled. */
export function engineMediaOf(m: SdpMedia): EngineMedia {
  const out: EngineMedia = {
    law: m.codec === 'PCMU' ? 'pcmu' : 'pcma',
    payloadType: m.payloadType,
    remoteAddress: m.remoteAddress,
    remotePort: m.remotePort,
    rtcpMux: m.rtcpMux,
  };
  if (m.telephoneEventPt !== undefined) out.telephoneEventPt = m.telephoneEventPt;
  return out;
}

/** o= session id: decimal digits, fixed for the dialog (RFC 4566 §5.2). */
export function newSdpSessionId(): string {
  return String(randomInt(1, 2 ** 47));
}
