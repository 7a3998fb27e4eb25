/**
 * Offers modelled on what real SIP peers send (written here from their documented shapes, not captured):
 * SIPp 3.6 default scenarios, baresip 1.0, Asterisk (chan_pjsip), FreeSWITCH, and carrier SBCs.
 */
const sdp = (...lines: string[]) => lines.join('\r\n') + '\r\n';

/** SIPp `-sn uac`: one static codec with its rtpmap. */
export const SIPP_UAC = sdp(
  'v=0',
  'o=user1 53655765 2353687637 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 6000 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
);

/** A carrier SBC's bare offer: static PT 0 and no rtpmap at all (sdp-transform gives `rtp: []`). */
export const CARRIER_BARE_PCMU = sdp('v=0', 'o=- 1 1 IN IP4 203.0.113.9', 's=-', 'c=IN IP4 203.0.113.9', 't=0 0', 'm=audio 6000 RTP/AVP 0');

/** Carrier (Sonus/Ribbon style): A-law first, statics unmapped, telephone-event 0-15, maxptime. */
export const CARRIER_PCMA_FIRST = sdp(
  'v=0',
  'o=Sonus_UAC 27415 19421 IN IP4 203.0.113.5',
  's=SIP Media Capabilities',
  'c=IN IP4 203.0.113.20',
  't=0 0',
  'm=audio 4000 RTP/AVP 8 0 101',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=sendrecv',
  'a=maxptime:20',
);

/** baresip 1.0 with `audio_codecs=PCMU,PCMA`: its extra attributes must be ignored. */
export const BARESIP = sdp(
  'v=0',
  'o=- 1986813164 2059079264 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 20000 RTP/AVP 0 8 101',
  'b=AS:64',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=sendrecv',
  'a=label:1',
  'a=rtcp-rsize',
  'a=ssrc:2910183754 cname:f1bc2d0e-0b1c-4a0a-9c3b-5d7f0e3c2a11',
  'a=ptime:20',
);

/** Asterisk: PCMA preferred, telephone-event on PT 101 with 0-16, ptime + maxptime. */
export const ASTERISK = sdp(
  'v=0',
  'o=- 1732945123 1732945123 IN IP4 192.0.2.10',
  's=Asterisk',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 10046 RTP/AVP 8 0 3 101',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:3 GSM/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=maxptime:140',
  'a=sendrecv',
);

/** FreeSWITCH: opus and G.722 first, DTMF on PT 96 (not 101), CN, explicit a=rtcp, and a video stream. */
export const FREESWITCH_WITH_VIDEO = sdp(
  'v=0',
  'o=FreeSWITCH 1732929050 1732929051 IN IP4 198.51.100.7',
  's=FreeSWITCH',
  'c=IN IP4 198.51.100.7',
  't=0 0',
  'm=audio 27372 RTP/AVP 102 9 8 0 96 13',
  'a=rtpmap:102 opus/48000/2',
  'a=fmtp:102 useinbandfec=1; maxaveragebitrate=30000; maxplaybackrate=48000; ptime=20; minptime=10; maxptime=40',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:96 telephone-event/8000',
  'a=fmtp:96 0-16',
  'a=rtpmap:13 CN/8000',
  'a=ptime:30',
  'a=sendrecv',
  'a=rtcp:27373 IN IP4 198.51.100.7',
  'm=video 27374 RTP/AVP 103',
  'a=rtpmap:103 H264/90000',
  'a=fmtp:103 profile-level-id=42e01f;packetization-mode=1',
  'a=sendrecv',
);

/** An IPv6 offer with a=rtcp-mux, audio after a video stream, and c= at media level only. */
export const IPV6_MUX_VIDEO_FIRST = sdp(
  'v=0',
  'o=- 4611731400430051336 2 IN IP6 2001:db8::5',
  's=-',
  't=0 0',
  'm=video 9000 RTP/AVP 97',
  'c=IN IP6 2001:db8::5',
  'a=rtpmap:97 VP8/90000',
  'm=audio 9002 RTP/AVP 0 101',
  'c=IN IP6 2001:db8::5',
  'a=rtpmap:101 telephone-event/8000',
  'a=rtcp-mux',
  'a=sendrecv',
);

/** A G.729-only carrier trunk: nothing in common with us. */
export const G729_ONLY = sdp(
  'v=0',
  'o=- 8 8 IN IP4 203.0.113.30',
  's=-',
  'c=IN IP4 203.0.113.30',
  't=0 0',
  'm=audio 5004 RTP/AVP 18 101',
  'a=rtpmap:18 G729/8000',
  'a=fmtp:18 annexb=no',
  'a=rtpmap:101 telephone-event/8000',
);

/** Two audio streams then a T.38 fax stream (non-RTP formats). */
export const TWO_AUDIO_AND_T38 = sdp(
  'v=0',
  'o=- 5 5 IN IP4 192.0.2.44',
  's=-',
  'c=IN IP4 192.0.2.44',
  't=0 0',
  'm=audio 7000 RTP/AVP 0',
  'm=audio 7002 RTP/AVP 8',
  'm=image 7004 udptl t38',
  'a=T38FaxVersion:0',
);

/** Old-style RFC 2543 hold: c=0.0.0.0 with no direction attribute. */
export const HOLD_ZERO_ADDRESS = sdp(
  'v=0',
  'o=- 1 2 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 0.0.0.0',
  't=0 0',
  'm=audio 10046 RTP/AVP 8 0',
  'a=ptime:20',
);
