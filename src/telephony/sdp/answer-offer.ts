import sdpTransform, { type MediaDescription } from 'sdp-transform';
import { audioFormats, g711Of, telephoneEventOf, type AudioFormat } from './audio-formats.ts';
import { mediaAddress, rtcpPortOf } from './connection.ts';
import { sessionSkeleton } from './create-offer.ts';
import { ourDirection, peerHolds, remoteDirection, statedDirection } from './direction.ts';
import { sdpFailure, type G711Codec, type MediaDirection, type NegotiatedMedia, type SdpFailure } from './negotiated-media.ts';
import { parseSdp, type ParsedMedia, type ParsedSdp } from './parse-sdp.ts';
import { commonEvents } from './telephone-events.ts';

export interface AnswerOptions {
  address: string;
  port: number;
  sessionId: string;
  sessionVersion: number;
  /** Codecs we accept. The offerer's order decides among them (RFC 3264 §6.1). */
  codecs: readonly G711Codec[];
  /** Our packet time preference, written as a=ptime; default 20. */
  ptime?: number;
  /** What we want to do; the answer narrows it to what the offer allows (RFC 3264 §6.1). Default sendrecv. */
  direction?: MediaDirection;
  /** Accept a=rtcp-mux when offered (RFC 5761 §5.1.1). Default true. */
  rtcpMux?: boolean;
  /** Answer telephone-event when offered. Default true. */
  telephoneEvents?: boolean;
  username?: string;
  sessionName?: string;
}

export type AnswerResult = { ok: true; sdp: string; media: NegotiatedMedia } | SdpFailure;

interface Choice {
  index: number;
  m: ParsedMedia;
  codec: AudioFormat & { encoding: G711Codec };
  te?: AudioFormat;
}

/**
 * Answers an offer (RFC 3264 §6). We accept the first RTP/AVP audio stream with a codec in common and
 * answer every other m-line with port 0, so the answer has the offer's m-lines in order (§6).
 * Among common codecs the offerer's order wins (§6.1: the answerer SHOULD honour it), and we answer
 * just that one codec, so both sides send the same one. Never throws on any input.
 */
export function answerOffer(offerText: string, local: AnswerOptions): AnswerResult {
  const offer = parseSdp(offerText);
  if (!offer.ok) return offer;
  const choice = chooseStream(offer, local.codecs);
  if (!choice.ok) return choice;
  const { index, m, codec } = choice.value;
  const address = mediaAddress(offer.session, m);
  if (address === undefined) return sdpFailure('malformed', 'the audio stream has no c= address (RFC 4566 §5.7)');

  const remote = remoteDirection(statedDirection(offer.session, m), address);
  const direction = ourDirection(remote, local.direction ?? 'sendrecv');
  const rtcpMux = m.raw.rtcpMux !== undefined && local.rtcpMux !== false;
  const teFmtp = choice.value.te && m.raw.fmtp.find((f) => f.payload === choice.value.te!.payloadType)?.config;
  const events = choice.value.te && local.telephoneEvents !== false ? commonEvents(teFmtp) : '';
  const te = events === '' ? undefined : choice.value.te;

  const session = sessionSkeleton(local);
  session.media = offer.media.map((om, i) => (i === index ? acceptedLine(local, codec, te, events, direction, rtcpMux) : rejectedLine(om)));
  const media: NegotiatedMedia = {
    remoteAddress: address,
    remotePort: m.port,
    remoteRtcpPort: rtcpPortOf(m, rtcpMux),
    rtcpMux,
    codec: codec.encoding,
    payloadType: codec.payloadType,
    ptimeMs: m.raw.ptime ?? local.ptime ?? 20,
    direction,
    onHold: peerHolds(remote),
  };
  if (te) media.telephoneEventPt = te.payloadType;
  return { ok: true, sdp: sdpTransform.write(session), media };
}

function chooseStream(offer: ParsedSdp, codecs: readonly G711Codec[]): { ok: true; value: Choice } | SdpFailure {
  let sawAudio = false;
  for (const [index, m] of offer.media.entries()) {
    // A port of 0 is a stream the offerer disabled (RFC 3264 §5.1); SRTP (RTP/SAVP) needs keys we do not have.
    if (m.type !== 'audio' || m.port === 0 || m.protocol !== 'RTP/AVP') continue;
    sawAudio = true;
    const formats = audioFormats(m);
    for (const f of formats) {
      const c = g711Of(f);
      if (c && codecs.includes(c)) return { ok: true, value: { index, m, codec: { ...f, encoding: c }, te: telephoneEventOf(formats) } };
    }
  }
  if (!sawAudio) return sdpFailure('noAudio', 'the offer has no active RTP/AVP audio stream');
  return sdpFailure('noCommonCodec', `no offered codec is one of ${codecs.join(', ')}`);
}

function acceptedLine(
  local: AnswerOptions,
  codec: AudioFormat & { encoding: G711Codec },
  te: AudioFormat | undefined,
  events: string,
  direction: MediaDirection,
  rtcpMux: boolean,
): MediaDescription {
  const line: MediaDescription = {
    type: 'audio',
    port: local.port,
    protocol: 'RTP/AVP',
    // §6.1: the answer uses the offer's payload type numbers, dynamic ones included.
    payloads: te ? `${codec.payloadType} ${te.payloadType}` : `${codec.payloadType}`,
    rtp: [{ payload: codec.payloadType, codec: codec.encoding, rate: 8000 }],
    fmtp: [],
    ptime: local.ptime ?? 20,
    direction,
  };
  if (te) {
    line.rtp.push({ payload: te.payloadType, codec: 'telephone-event', rate: 8000 });
    line.fmtp.push({ payload: te.payloadType, config: events });
  }
  if (rtcpMux) line.rtcpMux = 'rtcp-mux';
  return line;
}

/** §6: a rejected stream keeps its media type, protocol and formats, with port 0. */
function rejectedLine(m: ParsedMedia): MediaDescription {
  return { type: m.type, port: 0, protocol: m.protocol, payloads: String(m.raw.payloads), rtp: [], fmtp: [] };
}
