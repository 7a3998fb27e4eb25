import { audioFormats, g711Of, telephoneEventOf } from './audio-formats.ts';
import { mediaAddress, rtcpPortOf } from './connection.ts';
import { ourDirection, remoteDirection, statedDirection } from './direction.ts';
import { sdpFailure, type NegotiatedMedia, type SdpFailure } from './negotiated-media.ts';
import { parseSdp } from './parse-sdp.ts';

export type ReadAnswerResult = ({ ok: true } & NegotiatedMedia) | SdpFailure;

/**
 * Reads the peer's answer to an offer we made with createOffer (RFC 3264 §7). A failure means the call
 * must end (BYE, or CANCEL/ACK+BYE for an INVITE): the answer is unusable. Never throws.
 */
export function readAnswer(offerText: string, answerText: string): ReadAnswerResult {
  const offer = parseSdp(offerText);
  if (!offer.ok) return sdpFailure('malformed', `our offer does not parse: ${offer.reason}`);
  const answer = parseSdp(answerText);
  if (!answer.ok) return answer;
  // §6: the answer MUST have the offer's m-lines, in order.
  if (answer.media.length !== offer.media.length)
    return sdpFailure('mismatch', `the answer has ${answer.media.length} m-lines, the offer ${offer.media.length} (RFC 3264 §6)`);
  // The stream the peer accepted: the first audio m-line active on both sides.
  const active = (i: number) => offer.media[i]!.type === 'audio' && offer.media[i]!.port !== 0;
  if (!offer.media.some((_, i) => active(i))) return sdpFailure('noAudio', 'our offer has no active audio stream');
  const index = offer.media.findIndex((_, i) => active(i) && answer.media[i]!.type === 'audio' && answer.media[i]!.port !== 0);
  const ours = offer.media[index];
  const theirs = answer.media[index];
  if (!ours || !theirs) {
    const i = offer.media.findIndex((_, j) => active(j));
    return answer.media[i]!.type === 'audio'
      ? sdpFailure('noCommonCodec', 'the peer rejected the audio stream (port 0, RFC 3264 §6)')
      : sdpFailure('mismatch', `m-line ${i + 1} of the answer is ${answer.media[i]!.type}, not audio`);
  }

  const offered = audioFormats(ours);
  const answered = audioFormats(theirs);
  // §6.1: the answer lists what the answerer will use, preferred first; it may only use formats we offered.
  const g711 = answered.filter((f) => g711Of(f) !== undefined);
  const first = g711.find((f) => offered.some((o) => g711Of(o) === g711Of(f)));
  const codec = first && g711Of(first);
  if (!first || !codec) {
    const named = answered.map((f) => f.encoding || `PT ${f.payloadType}`).join(', ');
    return g711.length > 0
      ? sdpFailure('mismatch', `the peer chose ${named}, which we did not offer`)
      : sdpFailure('noCommonCodec', `the peer answered ${named}, no G.711 codec`);
  }
  const address = mediaAddress(answer.session, theirs);
  if (address === undefined) return sdpFailure('malformed', 'the answer has no c= address (RFC 4566 §5.7)');

  const wanted = statedDirection(offer.session, ours);
  const remote = remoteDirection(statedDirection(answer.session, theirs), address);
  const rtcpMux = ours.raw.rtcpMux !== undefined && theirs.raw.rtcpMux !== undefined;
  const te = telephoneEventOf(offered) && telephoneEventOf(answered);
  const media: { ok: true } & NegotiatedMedia = {
    ok: true,
    remoteAddress: address,
    remotePort: theirs.port,
    remoteRtcpPort: rtcpPortOf(theirs, rtcpMux),
    rtcpMux,
    codec,
    payloadType: first.payloadType,
    ptimeMs: theirs.raw.ptime ?? ours.raw.ptime ?? 20,
    direction: ourDirection(remote, wanted),
    // A hold only if the peer refuses media we offered to send.
    onHold: (wanted === 'sendrecv' || wanted === 'sendonly') && remote !== 'sendrecv' && remote !== 'recvonly',
  };
  if (te) media.telephoneEventPt = te.payloadType;
  return media;
}
