// One inbound INVITE offered to the app: ring (180), answer (200 + SDP answer, then the ACK) or reject (RFC 3261 §13.3).
import { EndStatus } from '../../../domain/end-status.ts';
import type { IncomingCall, LineFailure, RejectCause } from '../../carrier.ts';
import { answerOffer } from '../../sdp/answer-offer.ts';
import type { IncomingInvite } from '../ua/index.ts';
import { engineMediaOf, newSdpSessionId, OFFER_MEDIA, OFFERED_CODECS } from './media-params.ts';
import { SipLine, type SipLineContext } from './sip-line.ts';

/** The SIP answer for each reason the app refuses a call. */
export const REJECT_STATUS: Readonly<Record<RejectCause, number>> = {
  busy: 486,
  notFound: 404,
  forbidden: 403,
  unavailable: 480,
  declined: 603,
};

/**
 * `answered` follows the caller's ACK (the dialog is confirmed then, §13.3.1.4); a CANCEL before
 * our 200 ends the call with `failed` (the UA core already answered 487). An INVITE without an
 * offer (offer in the 200, answer in the ACK) is refused 488: the SIP carrier answers offers only.
 */
export class SipIncomingCall extends SipLine implements IncomingCall {
  readonly caller: string;
  readonly callee: string;
  private answering = false;

  constructor(
    id: string,
    private readonly invite: IncomingInvite,
    party: { caller: string; callee: string },
    ctx: SipLineContext,
  ) {
    super(id, ctx);
    this.caller = party.caller;
    this.callee = party.callee;
    this.recorder.open(invite.callId); // the INVITE went by the tap before the carrier saw it: the router held it
    invite.on('cancelled', () =>
      this.fail({ endStatus: EndStatus.ringingGiveUp, sipStatus: 487, reason: 'caller hung up before answer (CANCEL)' }),
    );
  }

  ring(): void {
    if (this.phase === 'setup' && !this.answering) this.invite.ring();
  }

  answer(): void {
    if (this.phase !== 'setup' || this.answering) return;
    this.answering = true;
    void this.answerWithMedia();
  }

  reject(cause: RejectCause): void {
    if (this.phase !== 'setup' || this.answering) return;
    this.invite.reject(REJECT_STATUS[cause]);
    if (this.end()) this.emitClose();
  }

  /** Before answer the caller is refused (480); after, BYE. No line event follows. */
  override hangup(): void {
    if (this.phase !== 'setup') return super.hangup();
    const sip = this.sip; // 200 sent, ACK not yet here: the dialog exists, end it with BYE (§15)
    this.sip = undefined;
    this.end();
    if (sip && !sip.closed) this.track(sip.hangup());
    this.emitClose();
  }

  private async answerWithMedia(): Promise<void> {
    const offer = this.invite.offer;
    if (!offer) {
      this.invite.reject(488, 'Not Acceptable Here');
      return this.fail({ endStatus: EndStatus.operatorError, sipStatus: 488, reason: 'INVITE without an SDP offer' });
    }
    const opened = await this.ctx.engine.openSession(OFFER_MEDIA, this.ctx.rtpTuning);
    if (!opened.ok) {
      this.invite.reject(503, 'Service Unavailable');
      return this.fail({ endStatus: EndStatus.operatorError, sipStatus: 503, reason: `no media: ${opened.message}` });
    }
    const media = opened.session;
    if (this.phase !== 'setup') return void media.close();
    this.media = media;
    const answer = answerOffer(Buffer.from(offer).toString('utf8'), {
      address: this.ctx.sdpAddress,
      port: media.port,
      sessionId: newSdpSessionId(),
      sessionVersion: 1,
      codecs: OFFERED_CODECS,
    });
    if (!answer.ok) {
      this.invite.reject(488, 'Not Acceptable Here');
      return this.fail({ endStatus: EndStatus.operatorError, sipStatus: 488, reason: `unusable SDP offer: ${answer.reason}` });
    }
    media.updateMedia(engineMediaOf(answer.media));
    this.recorder.describe(media, this.ctx.sdpAddress, answer.media);
    const session = this.ctx.sessions.answer(this.invite, answer.sdp);
    if (!session) return this.fail({ endStatus: EndStatus.operatorError, reason: 'the INVITE could not be answered (cancelled, or 422)' });
    this.sip = session;
    session.once('confirmed', () => {
      if (this.phase === 'setup' && this.media) this.becomeAnswered(this.media, session);
    });
    session.once('ended', ({ reason }) => {
      if (this.phase === 'setup') this.fail({ endStatus: EndStatus.operatorError, reason: `the dialog ended before the ACK (${reason})` });
    });
  }

  private fail(f: LineFailure): void {
    if (!this.end()) return;
    this.emit('failed', f);
    this.emitClose();
  }

  /** An INVITE nobody answered yet gets 480 rather than staying unanswered until the caller gives up. */
  protected releaseSetup(): void {
    if (this.invite.state === 'proceeding') this.invite.reject(480);
  }
}
