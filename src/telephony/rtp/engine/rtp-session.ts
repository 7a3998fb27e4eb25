/**
 * One call's media (≈ a mediasoup Transport): the UDP socket(s) on a port from the pool, our SSRC,
 * sequence and timestamp, symmetric RTP latching (RFC 4961), the receive path (parse into a reused view,
 * RFC 3550 A.1 stats, RFC 4733 digits, jitter buffer, in-band detector only without telephone-event,
 * recorder) and the send path on each pacer tick (prompt frame or silence into one preallocated packet).
 * It owns its player, receiver, detector and recorder; `close()` releases every one of them once.
 */
import type { RemoteInfo, Socket } from 'node:dgram';
import { g711Decode } from '../g711.ts';
import { JitterBuffer } from '../jitter-buffer.ts';
import { parseRtp, RTP_HEADER_LENGTH, RtpView, writeRtpHeader, type RtpHeaderFields } from '../packet.ts';
import { ReceiveStats } from '../receive-stats.ts';
import { writeCompound } from '../rtcp.ts';
import { parseRtcp } from '../rtcp-parser.ts';
import { Rfc4733Receiver, type ReceivedDigit } from '../rfc4733-receiver.ts';
import { digitPackets, type TimedPacket } from '../rfc4733-sender.ts';
import { DtmfDetector } from '../dtmf-detector.ts';
import { WavRecorder, type RecordingResult } from '../wav-recorder.ts';
import type { Pacer, TickSink } from './pacer.ts';
import type { PortPool } from './port-pool.ts';
import { Player, type PlayOptions } from './player.ts';
import { FRAME_BYTES, FRAME_SAMPLES, SILENCE_CODE, type PromptFrames } from './prompt-frames.ts';
import type { NegotiatedMedia, RtpSessionEvents, RtpSessionOpenFailure, RtpSessionStats, RtpSessionTuning } from './rtp-session-types.ts';
import { TypedEmitter } from './typed-emitter.ts';
import { bindUdp, closeUdp } from './udp-bind.ts';

export interface RtpSessionOptions extends RtpSessionTuning {
  /** Local address to bind (IPv4 or IPv6). */
  address: string;
  pool: PortPool;
  pacer: Pacer;
  media: NegotiatedMedia;
  /** Time in ms: monotonic and on the Unix epoch (RTCP SR carries it), e.g. `performance.timeOrigin + performance.now()`. */
  now: () => number;
  /** [0, 1); default Math.random. Draws the SSRC, initial sequence and timestamp (RFC 3550 §5.1). */
  random?: () => number;
  cname?: string;
  /** Ports tried when a bind fails (another process holds the port); default 8. */
  bindAttempts?: number;
}

export type RtpSessionOpenResult = { ok: true; session: RtpSession } | RtpSessionOpenFailure;

const PACKET_BYTES = RTP_HEADER_LENGTH + FRAME_BYTES;
/** Largest received frame decoded: 40 ms of G.711 (ptime ≤ 40). */
const MAX_RX_FRAME = 320;
const EMPTY = new Uint8Array(0);

export class RtpSession extends TypedEmitter<RtpSessionEvents> implements TickSink {
  readonly ssrc: number;
  private media: NegotiatedMedia;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly pacer: Pacer;
  private readonly pool: PortPool;
  private readonly cname: string;
  private readonly rtpTimeoutMs: number;
  private readonly relatchAfterMs: number;
  private readonly rtcpIntervalMs: number;
  private readonly digitDurationMs: number;
  private player: Player;
  private readonly view = new RtpView();
  private readonly header: RtpHeaderFields;
  private readonly tx = Buffer.alloc(PACKET_BYTES);
  private readonly rtcpBuf = Buffer.alloc(256);
  private rxFrame = EMPTY;
  private readonly remotePcm = new Int16Array(FRAME_SAMPLES);
  private readonly localPcm = new Int16Array(FRAME_SAMPLES);
  /** Only while audio is decoded (recording or in-band DTMF): 64 slots × 320 bytes is most of a session's memory. */
  private jitter: JitterBuffer | undefined;
  private dtmfRx: Rfc4733Receiver | undefined;
  private detector: DtmfDetector | undefined;
  private recorder: WavRecorder | undefined;
  private rxStats: ReceiveStats | undefined;
  private sequence: number;
  private readonly tsBase: number;
  private firstTick = -1;
  private lastTimestamp = 0;
  private txSilence = false;
  private markNext = true;
  private prevWasPrompt = false;
  private readonly digitQueue: string[] = [];
  private digit: { packets: TimedPacket[]; startMs: number; next: number } | undefined;
  // Destination: the SDP's until we latch onto the peer's source (RFC 4961).
  private destAddress: string | undefined;
  private destPort = 0;
  private rtcpDestAddress: string | undefined;
  private rtcpDestPort = 0;
  private latchedAddress: string | undefined;
  private latchedPort = 0;
  private connected = false;
  private readonly openedAtMs: number;
  /** updateMedia() restarts the RTP-timeout clock: a callee ringing for a minute sent nothing, rightly. */
  private silentSinceMs = 0;
  private lastRxMs = -1;
  private timedOut = false;
  private nextRtcpMs: number;
  private sentSinceReport = false;
  private closing: Promise<void> | undefined;
  private readonly counters = {
    packetsSent: 0,
    octetsSent: 0,
    packetsReceived: 0,
    invalid: 0,
    unknownPayloadType: 0,
    foreign: 0,
    rtcpSent: 0,
    rtcpReceived: 0,
    digitsReceived: 0,
    digitsSent: 0,
    socketErrors: 0,
  };

  private constructor(
    opts: RtpSessionOptions,
    readonly port: number,
    readonly address: string,
    private readonly rtp: Socket,
    private readonly rtcp: Socket | undefined,
  ) {
    super();
    this.media = opts.media;
    this.now = opts.now;
    this.random = opts.random ?? Math.random;
    this.pacer = opts.pacer;
    this.pool = opts.pool;
    this.cname = opts.cname ?? `openccc-${port}@${opts.address}`;
    this.rtpTimeoutMs = opts.rtpTimeoutMs ?? 30_000;
    this.relatchAfterMs = opts.relatchAfterMs ?? 2000;
    this.rtcpIntervalMs = opts.rtcpIntervalMs ?? 5000;
    this.digitDurationMs = opts.digitDurationMs ?? 100;
    this.ssrc = Math.floor(this.random() * 0x1_0000_0000) >>> 0;
    this.sequence = Math.floor(this.random() * 0x10000);
    this.tsBase = Math.floor(this.random() * 0x1_0000_0000) >>> 0;
    this.header = { marker: false, payloadType: this.media.payloadType, sequence: 0, timestamp: 0, ssrc: this.ssrc };
    this.player = this.newPlayer();
    this.setupDtmf();
    if (this.media.remoteAddress && this.media.remotePort) {
      this.destAddress = this.media.remoteAddress;
      this.destPort = this.media.remotePort;
    }
    this.openedAtMs = this.now();
    this.nextRtcpMs = this.openedAtMs + this.rtcpDelay();
    rtp.on('message', (msg, rinfo) => this.onRtp(msg, rinfo));
    rtp.on('error', () => this.counters.socketErrors++);
    rtcp?.on('message', (msg, rinfo) => this.onRtcp(msg, rinfo));
    rtcp?.on('error', () => this.counters.socketErrors++);
    this.pacer.add(this);
  }

  /** Binds a port from the pool; a failure (pool exhausted, every bind refused) leaves nothing open. */
  static async open(opts: RtpSessionOptions): Promise<RtpSessionOpenResult> {
    let lastError = 'no port tried';
    for (let attempt = 0; attempt < (opts.bindAttempts ?? 8); attempt++) {
      const a = opts.pool.allocate();
      if (!a.ok) return { ok: false, reason: 'portsExhausted', message: 'no free RTP port in the configured range' };
      let rtp: Socket | undefined;
      try {
        rtp = await bindUdp(opts.address, a.port);
        const rtcp = opts.media.rtcpMux ? undefined : await bindUdp(opts.address, a.port + 1);
        return { ok: true, session: new RtpSession(opts, a.port, opts.address, rtp, rtcp) };
      } catch (e) {
        closeUdp(rtp);
        opts.pool.release(a.port);
        lastError = e instanceof Error ? e.message : String(e);
      }
    }
    return { ok: false, reason: 'bindFailed', message: lastError };
  }

  /**
   * The SDP answer for a session opened for our offer: the peer's address (unless we already latched
   * onto where it sends from, RFC 4961), codec and telephone-event PT. Queued prompts are dropped when
   * the law changes (they were taken in the old one); call it before playing.
   */
  updateMedia(media: NegotiatedMedia): void {
    if (this.closing) return;
    const old = this.media;
    this.media = { ...media, rtcpMux: old.rtcpMux }; // the sockets are bound: RTCP muxing cannot change now
    this.header.payloadType = media.payloadType;
    if (media.law !== old.law) {
      this.player.clear();
      this.player = this.newPlayer();
      this.txSilence = false; // the packet buffer holds the old law's silence
    }
    if (media.telephoneEventPt !== old.telephoneEventPt) this.setupDtmf();
    if (this.latchedPort === 0 && media.remoteAddress && media.remotePort) {
      this.destAddress = media.remoteAddress;
      this.destPort = media.remotePort;
    }
    this.silentSinceMs = this.now();
    this.timedOut = false;
  }

  play(playbackId: string, frames: PromptFrames, opts?: PlayOptions): void {
    if (!this.closing) this.player.play(playbackId, frames, opts);
  }

  stopPlayback(): void {
    this.player.stop();
  }

  /** Cuts a barge-in prompt now (the next tick sends silence); the SIP INFO path calls this too. */
  bargeIn(): boolean {
    return this.player.bargeIn();
  }

  /** Queues one RFC 4733 digit; false when telephone-event was not negotiated or the character is no digit. */
  sendDigit(digit: string): boolean {
    if (this.closing || this.media.telephoneEventPt === undefined || !/^[0-9*#A-Da-d]$/.test(digit)) return false;
    this.digitQueue.push(digit);
    return true;
  }

  /** Starts a WAV recording (stereo: left remote, right played; or mono mix). One at a time. */
  async startRecording(path: string, channels: 1 | 2 = 2): Promise<void> {
    if (this.closing) throw new Error('session closed');
    if (this.recorder) throw new Error('already recording');
    const rec = await WavRecorder.open(path, { channels });
    if (this.closing || this.recorder) {
      await rec.close();
      throw new Error(this.closing ? 'session closed' : 'already recording');
    }
    this.recorder = rec;
    this.ensureJitter();
  }

  async stopRecording(): Promise<RecordingResult | undefined> {
    const rec = this.recorder;
    if (!rec) return undefined;
    this.recorder = undefined;
    const result = await rec.close();
    this.emit('recordingDone', result);
    return result;
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  stats(): RtpSessionStats {
    const j = this.jitter?.stats ?? { late: 0, lost: 0, duplicates: 0 };
    return {
      ...this.counters,
      packetsLost: this.rxStats?.cumulativeLost ?? 0,
      jitterMs: this.rxStats?.jitterMs ?? 0,
      late: j.late,
      lostFrames: j.lost,
      duplicates: j.duplicates,
      latched: this.latchedPort !== 0,
    };
  }

  /** Idempotent: leaves the pacer, sends RTCP BYE (RFC 3550 §6.6), closes the sockets, returns the port, finishes the recording, emits `close` once. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.pacer.remove(this);
    this.player.clear();
    this.digitQueue.length = 0;
    this.digit = undefined;
    // The sockets close once the BYE has left (an unconnected send resolves its address asynchronously).
    const socketsClosed = new Promise<void>((resolve) => {
      const closeSockets = () => {
        const done = Promise.all([this.rtp, this.rtcp].map((s) => (s ? new Promise((r) => s.once('close', r)) : undefined)));
        closeUdp(this.rtp);
        closeUdp(this.rtcp);
        this.pool.release(this.port);
        void done.then(() => resolve());
      };
      if (!this.sendRtcp(this.now(), true, closeSockets)) closeSockets();
    });
    this.closing = Promise.all([socketsClosed, this.stopRecording().catch(() => undefined)]).then(() => {
      this.emit('close');
      this.removeAllListeners();
    });
    return this.closing;
  }

  onTick(tickIndex: number, mediaTimeMs: number): void {
    if (this.firstTick < 0) this.firstTick = tickIndex;
    const now = this.now();
    this.receiveTick(mediaTimeMs);
    this.sendTick(tickIndex, mediaTimeMs);
    if (this.recorder) this.record();
    this.dtmfRx?.poll(now);
    this.housekeeping(now);
  }

  // ---- receive ----

  private onRtp(msg: Buffer, rinfo: RemoteInfo): void {
    if (this.closing) return;
    const b1 = msg.length > 1 ? msg[1]! : 0;
    // RFC 5761 §4: with rtcp-mux, a second byte of 192–223 marks RTCP.
    if (this.media.rtcpMux && b1 >= 192 && b1 <= 223) return this.onRtcp(msg, rinfo);
    const v = parseRtp(msg, this.view, msg.length);
    if (!v) {
      this.counters.invalid++;
      return;
    }
    const isEvent = v.payloadType === this.media.telephoneEventPt;
    if (!isEvent && v.payloadType !== this.media.payloadType) {
      this.counters.unknownPayloadType++;
      return;
    }
    const now = this.now();
    if (this.latchedPort === 0) this.latch(rinfo);
    else if (rinfo.port !== this.latchedPort || rinfo.address !== this.latchedAddress) {
      if (now - this.lastRxMs < this.relatchAfterMs) {
        this.counters.foreign++;
        return;
      }
      this.latch(rinfo);
    }
    if (!this.rxStats || this.rxStats.ssrc !== v.ssrc) this.rxStats = new ReceiveStats({ ssrc: v.ssrc }); // A.1: a new source starts on probation
    const valid = this.rxStats.update(v.sequence, v.timestamp, now);
    this.lastRxMs = now;
    this.timedOut = false;
    this.counters.packetsReceived++;
    if (isEvent) {
      this.dtmfRx!.receive(v, msg, now);
      // Barge-in at the first packet of an event: the next tick already sends silence.
      if (this.dtmfRx!.inEvent) this.player.bargeIn();
      return;
    }
    if (valid && this.jitter) this.jitter.push(v.sequence, v.timestamp, v.marker, msg, v.payloadOffset, v.payloadLength, now);
  }

  /** RFC 4961: send where the peer sends from. Connecting the socket makes the kernel drop other sources. */
  private latch(rinfo: RemoteInfo): void {
    if (this.connected) this.rtp.disconnect();
    this.connected = false;
    this.latchedAddress = rinfo.address;
    this.latchedPort = rinfo.port;
    this.destAddress = rinfo.address;
    this.destPort = rinfo.port;
    try {
      this.rtp.connect(rinfo.port, rinfo.address);
      this.connected = true;
    } catch {
      this.counters.socketErrors++;
    }
    this.emit('latched', { address: rinfo.address, port: rinfo.port });
  }

  private onRtcp(msg: Buffer, rinfo: RemoteInfo): void {
    if (this.closing) return;
    const packets = parseRtcp(msg, msg.length);
    if (!packets) {
      this.counters.invalid++;
      return;
    }
    this.counters.rtcpReceived++;
    if (!this.media.rtcpMux && (!this.latchedAddress || rinfo.address === this.latchedAddress)) {
      this.rtcpDestAddress = rinfo.address;
      this.rtcpDestPort = rinfo.port;
    }
    for (const p of packets)
      if (p.type === 'sr' && this.rxStats?.ssrc === p.ssrc) this.rxStats.onSenderReport(p.ntpSec, p.ntpFrac, this.now());
  }

  private newPlayer(): Player {
    return new Player(this.media.law, (playbackId, reason) => this.emit('playbackDone', { playbackId, reason }));
  }

  /** RFC 4733 events when telephone-event was negotiated, else the in-band detector on decoded audio. */
  private setupDtmf(): void {
    const te = this.media.telephoneEventPt;
    if (te !== undefined) {
      this.detector = undefined;
      this.dtmfRx = new Rfc4733Receiver({ payloadType: te, onDigit: (d) => this.onRfc4733Digit(d) });
    } else {
      this.dtmfRx = undefined;
      this.detector = new DtmfDetector({ onDigit: (d) => this.onDigit({ digit: d.digit, source: 'inband', atMs: this.now() }) });
      this.ensureJitter();
    }
  }

  private ensureJitter(): void {
    if (this.jitter) return;
    this.jitter = new JitterBuffer({ maxPayload: MAX_RX_FRAME });
    this.rxFrame = new Uint8Array(MAX_RX_FRAME);
  }

  private receiveTick(mediaTimeMs: number): void {
    if (!this.jitter) return;
    const out = this.jitter.pull(mediaTimeMs, this.rxFrame);
    if (out.kind === 'frame') g711Decode(this.media.law, this.rxFrame, this.remotePcm, 0, Math.min(out.length, FRAME_SAMPLES));
    if (out.kind !== 'frame' || out.length < FRAME_SAMPLES) this.remotePcm.fill(0, out.kind === 'frame' ? out.length : 0);
    if (this.detector && out.kind === 'frame') this.detector.feed(this.remotePcm, 0, FRAME_SAMPLES);
  }

  private onRfc4733Digit(d: ReceivedDigit): void {
    this.onDigit({ digit: d.digit, source: 'rfc4733', atMs: this.now(), durationMs: d.durationMs });
  }

  private onDigit(e: RtpSessionEvents['dtmf'][0]): void {
    this.counters.digitsReceived++;
    this.player.bargeIn();
    this.emit('dtmf', e);
  }

  // ---- send ----

  private sendTick(tickIndex: number, mediaTimeMs: number): void {
    // The timestamp follows the media clock, skipped ticks included (RFC 3550 §5.1).
    const timestamp = (this.tsBase + (tickIndex - this.firstTick) * FRAME_SAMPLES) >>> 0;
    if (!this.digit && this.digitQueue.length) this.startDigit(this.digitQueue.shift()!, timestamp, mediaTimeMs);
    if (this.digit) {
      this.sendDigitPackets(mediaTimeMs);
      this.localPcm.fill(0);
      return;
    }
    const prompt = this.player.nextFrame(this.tx, RTP_HEADER_LENGTH);
    if (!prompt && !this.txSilence) this.tx.fill(SILENCE_CODE[this.media.law], RTP_HEADER_LENGTH);
    this.txSilence = !prompt;
    // RFC 3551 §4.1: the marker bit on the first packet of a talkspurt (a prompt after silence).
    const h = this.header;
    h.marker = this.markNext || (prompt && this.player.startedPrompt && !this.prevWasPrompt);
    h.sequence = this.sequence;
    h.timestamp = timestamp;
    writeRtpHeader(this.tx, h);
    if (this.sendRtp(this.tx)) {
      this.sequence = (this.sequence + 1) & 0xffff;
      this.markNext = false;
    }
    this.lastTimestamp = timestamp;
    this.prevWasPrompt = prompt;
    if (this.recorder) g711Decode(this.media.law, this.tx, this.localPcm, RTP_HEADER_LENGTH, FRAME_SAMPLES);
    if (prompt) this.player.afterSend();
  }

  private startDigit(digit: string, timestamp: number, mediaTimeMs: number): void {
    const packets = digitPackets({
      digit,
      durationMs: this.digitDurationMs,
      payloadType: this.media.telephoneEventPt!,
      ssrc: this.ssrc,
      sequence: this.sequence,
      timestamp,
      intervalMs: 20,
    })!;
    this.sequence = (this.sequence + packets.length) & 0xffff;
    this.digit = { packets, startMs: mediaTimeMs, next: 0 };
    this.counters.digitsSent++;
  }

  private sendDigitPackets(mediaTimeMs: number): void {
    const d = this.digit!;
    while (d.next < d.packets.length && d.packets[d.next]!.atMs <= mediaTimeMs - d.startMs) {
      const p = d.packets[d.next++]!.packet;
      this.sendRtp(p);
    }
    if (d.next >= d.packets.length) {
      this.digit = undefined;
      this.markNext = true;
    }
  }

  /** Sends all of `buf` (the audio packet and the RFC 4733 packets are each exactly one packet long). */
  private sendRtp(buf: Buffer): boolean {
    if (!this.destAddress) return false;
    try {
      // Whole buffers: dgram slices (a new Buffer) whenever offset and length are passed.
      if (this.connected) this.rtp.send(buf);
      else this.rtp.send(buf, this.destPort, this.destAddress);
    } catch {
      this.counters.socketErrors++;
      return false;
    }
    this.counters.packetsSent++;
    this.counters.octetsSent += buf.length - RTP_HEADER_LENGTH;
    this.sentSinceReport = true;
    return true;
  }

  private record(): void {
    const rec = this.recorder!;
    if (rec.channels === 2) rec.writeStereo(this.remotePcm, this.localPcm, FRAME_SAMPLES);
    else {
      const mix = this.remotePcm;
      for (let i = 0; i < FRAME_SAMPLES; i++) mix[i] = Math.max(-32768, Math.min(32767, mix[i]! + this.localPcm[i]!));
      rec.write(mix, FRAME_SAMPLES);
    }
  }

  // ---- timers on the tick ----

  private housekeeping(now: number): void {
    const since = Math.max(this.lastRxMs < 0 ? this.openedAtMs : this.lastRxMs, this.silentSinceMs);
    if (!this.timedOut && now - since >= this.rtpTimeoutMs) {
      this.timedOut = true;
      this.emit('rtpTimeout', { silentMs: now - since });
    }
    // Silent latched peer: open the socket to other sources again, so a moved peer can re-latch (RFC 4961).
    if (this.connected && now - since >= this.relatchAfterMs) {
      try {
        this.rtp.disconnect();
      } catch {
        this.counters.socketErrors++;
      }
      this.connected = false;
    }
    if (now >= this.nextRtcpMs) {
      this.sendRtcp(now, false);
      this.nextRtcpMs = now + this.rtcpDelay();
    }
  }

  private rtcpDelay(): number {
    return this.rtcpIntervalMs * (0.5 + this.random());
  }

  /** Sends SR or RR (+ BYE); false when there is nowhere to send. `after` runs once the datagram left. */
  private sendRtcp(now: number, bye: boolean, after?: () => void): boolean {
    const address = this.rtcpDestAddress ?? this.destAddress;
    if (!address) return false;
    const c = this.counters;
    const len = writeCompound(this.rtcpBuf, {
      ssrc: this.ssrc,
      cname: this.cname,
      ...(this.sentSinceReport
        ? {
            sender: {
              ssrc: this.ssrc,
              wallMs: now,
              rtpTimestamp: this.lastTimestamp,
              packetCount: c.packetsSent,
              octetCount: c.octetsSent,
            },
          }
        : {}),
      ...(this.rxStats ? { report: this.rxStats.reportBlock(now) } : {}),
      ...(bye ? { bye: {} } : {}),
    });
    this.sentSinceReport = false;
    try {
      if (this.media.rtcpMux) {
        if (this.connected) this.rtp.send(this.rtcpBuf, 0, len, after);
        else this.rtp.send(this.rtcpBuf, 0, len, this.destPort, address, after);
      } else {
        this.rtcp!.send(this.rtcpBuf, 0, len, this.rtcpDestAddress ? this.rtcpDestPort : this.destPort + 1, address, after);
      }
      c.rtcpSent++;
      return true;
    } catch {
      c.socketErrors++;
      return false;
    }
  }
}
