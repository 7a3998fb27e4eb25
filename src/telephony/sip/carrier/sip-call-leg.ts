// One outbound call on the trunk: trunk slot, media for the offer, INVITE, ringing, answer or failure (RFC 3261 §13.2).
import { EndStatus } from '../../../domain/end-status.ts';
import type { DialRequest, LineFailure } from '../../carrier.ts';
import { createOffer } from '../../sdp/create-offer.ts';
import { readAnswer } from '../../sdp/read-answer.ts';
import type { DigestClient } from '../auth/digest-client.ts';
import type { TransportDestination } from '../transaction/index.ts';
import type { FailureOutcome, InviteUac } from '../ua/index.ts';
import type { SipSession } from '../ua/session/index.ts';
import type { LineEnd } from './end-status-map.ts';
import { engineMediaOf, newSdpSessionId, OFFER_MEDIA, OFFERED_CODECS, TELEPHONE_EVENT_PT } from './media-params.ts';
import { SipLine, type SipLineContext } from './sip-line.ts';
import type { TrunkTicket } from './trunk-limiter.ts';

/** What the carrier knows of its trunk that an outbound INVITE needs. */
export interface OutboundTrunk {
  destination: TransportDestination;
  /** 3xx answers followed per call (to their Contacts, highest q first); an unfollowed one is a failure with its status. */
  followRedirects: number;
  /** Request-URI, From URI and extra headers (P-Asserted-Identity, User-to-User) for one call. */
  inviteFor(request: DialRequest): { uri: string; from: string; headers: [string, string][] };
  /** A fresh digest client per call, when the trunk has credentials (RFC 3261 §22.2). */
  digest(): DigestClient | undefined;
  failureFor(end: LineEnd): LineFailure;
}

/**
 * Outbound: waits for its trunk ticket, opens its media session (the offer needs our port), sends
 * the INVITE, reports `ringing` on the first 180/183, and on the 200 applies the answer to the
 * media session and reports `answered`. Ends before answer with `failed` (the one table in
 * end-status-map.ts), or silently on hangup()/close(): CANCEL once a provisional came (§9.1;
 * InviteUac defers it until then), and a 200 that races the CANCEL is ACKed and BYEd.
 */
export class SipCallLeg extends SipLine {
  private uac: InviteUac | undefined;
  private offer = '';

  constructor(
    private readonly request: DialRequest,
    ctx: SipLineContext,
    private readonly trunk: OutboundTrunk,
    private readonly ticket: TrunkTicket,
  ) {
    super(request.sessionId, ctx);
    ticket.on('go', () => void this.start());
    ticket.on('timeout', (reason) =>
      this.fail({
        endStatus: EndStatus.operatorError,
        reason: reason ?? 'no trunk slot within queueSeconds (maxConcurrentCalls / callsPerSecond)',
      }),
    );
  }

  /** The trunk's answer, where it comes after dial() (a cluster-wide trunk): see TrunkTicket.admission. */
  get admission(): Promise<void> | undefined {
    return this.ticket.admission;
  }

  /** Before answer: CANCEL (or nothing, if no INVITE left yet); after: BYE. No line event follows. */
  override hangup(): void {
    if (this.phase !== 'setup') return super.hangup();
    if (this.end()) this.emitClose();
  }

  private async start(): Promise<void> {
    const opened = await this.ctx.engine.openSession(OFFER_MEDIA, this.ctx.rtpTuning);
    if (!opened.ok) return this.fail(this.trunk.failureFor({ kind: 'noMedia', message: `${opened.reason}: ${opened.message}` }));
    if (this.phase !== 'setup') return void opened.session.close();
    const media = opened.session;
    this.media = media;
    media.on('close', () => {
      if (this.phase === 'setup') this.fail(this.trunk.failureFor({ kind: 'noMedia', message: 'the media session ended before answer' }));
    });
    this.offer = createOffer({
      address: this.ctx.sdpAddress,
      port: media.port,
      sessionId: newSdpSessionId(),
      sessionVersion: 1,
      codecs: OFFERED_CODECS,
      telephoneEventPt: TELEPHONE_EVENT_PT,
    });
    const { uri, from, headers } = this.trunk.inviteFor(this.request);
    const digest = this.trunk.digest();
    const call = this.ctx.sessions.call({
      destination: this.trunk.destination,
      uri,
      from,
      headers,
      sdp: this.offer,
      followRedirects: this.trunk.followRedirects,
      ...(digest ? { digest } : {}),
    });
    this.uac = call.uac;
    this.recorder.open(call.uac.callId); // the INVITE just went by the tap: the router held it for us
    let rang = false;
    call.uac.on('provisional', () => {
      if (rang || this.phase !== 'setup') return;
      rang = true;
      this.emit('ringing'); // 183 too: early media is listened to (latching), never played to
    });
    call.uac.on('failed', (f) => {
      if (this.phase === 'setup') this.fail(this.trunk.failureFor(lineEndOf(f)));
    });
    void call.session.then((s) => s && this.onAnswered(s));
    this.timers.after(this.request.maxRingMs, () => {
      if (this.phase === 'setup') this.fail(this.trunk.failureFor({ kind: 'ringTimeout' })); // end() sends the CANCEL
    });
  }

  private onAnswered(s: SipSession): void {
    if (this.phase !== 'setup' || !this.media) {
      // Hung up, timed out or closed while the 200 was on its way: the dialog exists, so BYE it (§15).
      this.track(s.hangup());
      return;
    }
    const answer = readAnswer(this.offer, Buffer.from(s.remoteSdp ?? new Uint8Array()).toString('utf8'));
    if (!answer.ok) {
      this.track(s.hangup());
      return this.fail(this.trunk.failureFor({ kind: 'noMedia', message: `unusable SDP answer: ${answer.reason}` }));
    }
    this.media.updateMedia(engineMediaOf(answer));
    this.recorder.describe(this.media, this.ctx.sdpAddress, answer);
    this.becomeAnswered(this.media, s);
  }

  private fail(f: LineFailure): void {
    if (!this.end()) return;
    this.emit('failed', f);
    this.emitClose();
  }

  /** Gives the trunk slot back; an INVITE still pending is CANCELled, and the carrier waits (bounded) for its end. */
  protected releaseSetup(): void {
    this.ticket.release();
    const uac = this.uac;
    if (!uac || (uac.state !== 'calling' && uac.state !== 'ringing')) return;
    uac.cancel();
    this.track(
      new Promise<void>((done) => {
        uac.once('failed', () => done()); // the 487 (or any final) to the CANCELled INVITE
        uac.once('answered', () => done()); // a 200 raced the CANCEL: onAnswered BYEs it
        uac.once('terminated', () => done()); // Timer B at the latest; the carrier's close() waits less
      }),
    );
  }
}

/** The UA's failure in the end-status table's terms: no response at all is the line, not the callee. */
function lineEndOf(f: FailureOutcome): LineEnd {
  if (!f.response) return { kind: 'transportError', message: `${f.status} ${f.reason} (no response from the trunk)` };
  return { kind: 'final', sipStatus: f.status, reasonPhrase: f.reason, reasonHeaders: f.response.headers.getAll('Reason') };
}
