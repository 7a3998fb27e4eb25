// What every SIP call does once it has media: prompts, digits, recording, the end paths after answer.
import { OwnedTimers } from '../../../shared/owned-timers.ts';
import type { Clock } from '../../../shared/clock.ts';
import { TypedEmitter } from '../../../shared/typed-emitter.ts';
import type {
  CallLeg,
  CallTrace,
  CallLegEvents,
  DtmfSource,
  LineHangup,
  PlayOptions,
  Prompt,
  Recording,
  RecordOptions,
  ReleaseToken,
  TransferProgress,
} from '../../carrier.ts';
import type { MediaEngine } from '../../rtp/engine/media-engine.ts';
import type { MediaSession } from '../../rtp/engine/media-session.ts';
import type { RtpSessionTuning } from '../../rtp/engine/rtp-session-types.ts';
import type { SessionManager, SipSession } from '../ua/session/index.ts';
import type { UserAgentCore } from '../ua/index.ts';
import type { SipTraceRouter } from '../../call-trace.ts';
import type { PromptSource } from './prompt-source.ts';
import { releaseStateOf, SIP_CARRIER_NAME } from './orphan-dialog.ts';
import { SipLineTrace } from './sip-line-trace.ts';
import type { RtpTotals } from './rtp-totals.ts';
import { SipRecording } from './sip-recording.ts';

/** What the carrier lends each of its calls. */
export interface SipLineContext {
  ua: UserAgentCore;
  sessions: SessionManager;
  engine: MediaEngine;
  prompts: PromptSource;
  clock: Clock;
  /** The address written in our SDP (c= and o=). */
  sdpAddress: string;
  rtpTuning: RtpSessionTuning;
  /** The line is over for the app (counted out of activeCalls). */
  onEnded(line: SipLine): void;
  /** The carrier's one router of its UA's message tap to the ladders of its calls. */
  traces: SipTraceRouter;
  /** The RTP figures of the carrier's calls, summed as each call's media closes (Carrier.stats). */
  rtpTotals: RtpTotals;
  /** Signalling that outlives the leg (BYE, CANCEL and its 487): the carrier's close() waits for it, bounded. */
  track(work: Promise<unknown>): void;
}

/** The media clock both threads share (the workers stamp digits with it). */
export const mediaNow = (): number => performance.timeOrigin + performance.now();

type Phase = 'setup' | 'answered' | 'ended';

/**
 * The shared half of SipCallLeg and SipIncomingCall. Every event comes from a socket, a worker or a
 * timer, never from inside a method the app called. Once the line ends (failure, remote hangup,
 * hangup(), close()) timers, media and the SIP session are released and only `close` follows.
 */
export abstract class SipLine extends TypedEmitter<CallLegEvents> implements CallLeg {
  protected phase: Phase = 'setup';
  protected media: MediaSession | undefined;
  protected sip: SipSession | undefined;
  protected readonly timers: OwnedTimers;
  /** The SIP ladder and RTP figures trace() hands the app once the line is over. */
  protected readonly recorder: SipLineTrace;
  private answeredAtMs = 0;
  /** The playback the app asked for last; a prompt whose frames arrive after a newer play() was superseded. */
  private wanted: string | undefined;
  private recordingSeq = 0;

  constructor(
    readonly id: string,
    protected readonly ctx: SipLineContext,
  ) {
    super();
    this.timers = new OwnedTimers(ctx.clock);
    this.recorder = new SipLineTrace(ctx.traces, ctx.clock, ctx.rtpTotals);
  }

  /** The call's SIP ladder and RTP figures (CallLeg.trace); settles shortly after close. */
  trace(): Promise<CallTrace | undefined> {
    return this.recorder.trace().catch(() => undefined);
  }

  /** The answered call's dialog, for a BYE from a later process should this one die (CallLeg.releaseToken). */
  releaseToken(): ReleaseToken | undefined {
    if (this.phase !== 'answered' || !this.sip || this.sip.closed) return undefined;
    return { carrier: SIP_CARRIER_NAME, state: releaseStateOf(this.sip) };
  }

  get closed(): boolean {
    return this.phase === 'ended';
  }

  get answered(): boolean {
    return this.phase === 'answered';
  }

  /** Cuts what plays (reported `stopped` by the engine), then plays `prompt` once its frames are ready. */
  play(playbackId: string, prompt: Prompt, options: PlayOptions = {}): void {
    if (this.phase === 'ended') return;
    if (this.phase !== 'answered' || !this.media) {
      this.timers.after(0, () => this.emit('playbackDone', { playbackId, reason: 'failed' }));
      return;
    }
    this.wanted = playbackId;
    this.ctx.prompts.frames(prompt).then(
      (frames) => {
        if (this.phase !== 'answered' || !this.media) return;
        if (this.wanted !== playbackId) return this.emit('playbackDone', { playbackId, reason: 'stopped' });
        this.media.stopPlayback();
        this.media.play(playbackId, frames, options.bargeIn ? { bargeIn: true } : {});
      },
      () => {
        if (this.phase === 'answered') this.emit('playbackDone', { playbackId, reason: 'failed' });
      },
    );
  }

  stopPlayback(): void {
    this.wanted = undefined;
    this.media?.stopPlayback();
  }

  /** Blind transfer (REFER, RFC 3515) is not in the SIP carrier yet: it reports `failed` and the call goes on. */
  transfer(target: string): void {
    if (this.phase !== 'answered') return;
    const progress: TransferProgress = { state: 'failed', target, reason: 'the SIP carrier does not send REFER yet' };
    this.timers.after(0, () => this.emit('transfer', progress));
  }

  /** The app names the file (carrier.ts); the leg ending completes it, so `done` may follow the leg's `close`. */
  record(options: RecordOptions): Recording {
    return new SipRecording(`${this.id}-r${++this.recordingSeq}`, options, this.phase === 'answered' ? this.media : undefined);
  }

  /** The app ends the call: BYE after answer (subclasses handle before answer). No line event follows. */
  hangup(): void {
    if (this.phase === 'ended') return;
    const sip = this.sip;
    this.sip = undefined; // end() must not close the dialog under the BYE
    this.end();
    if (sip && !sip.closed) this.track(sip.hangup());
    this.emitClose();
  }

  /** Releases everything without signalling; `close` once. */
  close(): void {
    if (this.end()) this.emitClose();
  }

  /** The call is up: media and dialog joined, digits and end paths wired. */
  protected becomeAnswered(media: MediaSession, sip: SipSession): void {
    this.phase = 'answered';
    this.media = media;
    this.sip = sip;
    this.answeredAtMs = mediaNow();
    media.on('dtmf', (d) => this.digit(d.digit, d.source, d.atMs));
    media.on('rtpTimeout', ({ silentMs }) => this.dropCall(`no RTP for ${Math.round(silentMs / 1000)} s`));
    media.on('playbackDone', (p) => this.emit('playbackDone', { playbackId: p.playbackId, reason: p.reason }));
    media.on('close', () => this.dropCall('media session ended'));
    sip.on('dtmf', (d) => {
      this.media?.bargeIn(); // INFO digits cut a barge-in prompt as RFC 4733 ones do in the worker
      this.digit(d.digit, 'info', mediaNow());
    });
    sip.on('ended', ({ reason }) => {
      if (reason === 'remote-bye') this.remoteEnded({ reason: 'remote hangup (BYE)' });
      else if (reason === 'session-expired') this.remoteEnded({ reason: 'session timer expired (RFC 4028), BYE sent' });
      else if (reason === 'ack-timeout') this.remoteEnded({ reason: 'no ACK for our 200 OK, BYE sent' });
      else if (reason === 'closed') this.remoteEnded({ reason: 'dialog ended' });
    });
    this.emit('answered');
  }

  /** A terminal event after answer; the line is counted out before the listener hears of it. */
  protected remoteEnded(h: LineHangup): void {
    if (!this.end()) return;
    this.emit('hangup', h);
    this.emitClose();
  }

  /** Tears the line down once; false when it already was. Subclasses release their own pre-answer state first. */
  protected end(): boolean {
    if (this.phase === 'ended') return false;
    this.phase = 'ended';
    this.wanted = undefined;
    this.timers.cancelAll();
    this.releaseSetup();
    const media = this.media;
    this.media = undefined;
    if (media) {
      this.recorder.snapshot(media); // asked before the close: the worker answers it first
      this.ctx.track(media.close());
    }
    this.sip?.close();
    this.ctx.onEnded(this);
    return true;
  }

  /** Pre-answer resources of the subclass (the INVITE client, the offered INVITE). */
  protected abstract releaseSetup(): void;

  /** Signalling sent as the call ends: the carrier's close() and the trace both wait for it, bounded. */
  protected track(work: Promise<unknown>): void {
    this.ctx.track(work);
    this.recorder.watch(work);
  }

  protected emitClose(): void {
    this.recorder.finish();
    this.emit('close');
    this.removeAllListeners();
  }

  /** Our side drops an answered call (no RTP, media lost): BYE, then the app hears `hangup`. */
  private dropCall(reason: string): void {
    if (this.phase !== 'answered') return;
    const sip = this.sip;
    if (sip && !sip.closed) this.track(sip.hangup());
    this.sip = undefined;
    this.remoteEnded({ reason });
  }

  private digit(digit: string, source: DtmfSource, atMs: number): void {
    if (this.phase !== 'answered') return;
    this.emit('dtmf', { digit, source, mediaTimeMs: Math.max(0, Math.round(atMs - this.answeredAtMs)) });
  }
}
