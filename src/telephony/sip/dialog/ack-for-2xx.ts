import { getCSeq, newBranch, type RandomSource, type Result, type SipRequest, type SipResponse, type Via } from '../message/index.ts';
import type { Dialog } from './dialog.ts';
import type { UacDialogSet } from './dialog-set.ts';

const CREDENTIALS = ['Authorization', 'Proxy-Authorization'];

export interface AckFor2xxOptions {
  /** This UA's Via (sent-by, transport, rport...); each ACK gets a copy with a new branch. */
  via: Via;
  random: RandomSource;
  /** The ACK's body for a kept dialog (the SDP answer when the 2xx carried the offer), or undefined for none. */
  ackContent?: (dialog: Dialog, response: SipResponse) => { contentType: string; body: Uint8Array } | undefined;
}

/** What to send for one 2xx; the UA sends ACKs straight to the transport and BYEs through a client transaction. */
export interface TwoXxAction {
  dialog: Dialog;
  /** False for a 2xx from another fork than the one kept: `send` is then [ACK, BYE] (once) and the dialog is terminated. */
  kept: boolean;
  /** True when this 2xx was seen before: `send` repeats the same ACK, nothing else. */
  retransmission: boolean;
  send: SipRequest[];
}

/**
 * The UAC's ACK for a 2xx (RFC 3261 §13.2.2.4): built by the dialog (remote target, route set, the INVITE's CSeq
 * number), in its own transaction (new branch), with no Via beyond ours.
 */
export function buildAckFor2xx(
  dialog: Dialog,
  response: SipResponse,
  opts: AckFor2xxOptions,
  content?: { contentType: string; body: Uint8Array },
  invite?: SipRequest,
): SipRequest {
  const via: Via = { ...opts.via, params: new Map(opts.via.params) };
  via.params.set('branch', newBranch(opts.random));
  const seq = getCSeq(response)?.seq;
  // §13.2.2.4: the ACK carries the INVITE's credentials, if it had any.
  const credentials: [string, string][] = [];
  for (const name of CREDENTIALS) for (const v of invite?.headers.getAll(name) ?? []) credentials.push([name, v]);
  return dialog.createRequest('ACK', {
    via,
    ...(seq !== undefined && { cseq: seq }),
    ...(credentials.length > 0 && { headers: credentials }),
    ...(content !== undefined && { contentType: content.contentType, body: content.body }),
  });
}

/**
 * ACKs every 2xx of the UAC's INVITEs and keeps the first dialog a 2xx confirmed; a retransmitted 2xx gets the same
 * ACK again (§13.2.2.4: the transaction layer does not absorb them), and a 2xx from another fork is ACKed and BYEd.
 */
export class TwoXxAcker {
  private readonly acks = new Map<string, SipRequest>();
  private kept: Dialog | undefined;

  constructor(private readonly opts: AckFor2xxOptions) {}

  /** The dialog kept so far, if a 2xx arrived. */
  get keptDialog(): Dialog | undefined {
    return this.kept;
  }

  /** A 2xx to the initial INVITE of `set`. */
  initial(set: UacDialogSet, res: SipResponse): Result<TwoXxAction> {
    if (res.status < 200 || res.status >= 300) return { ok: false, reason: 'not a 2xx' };
    const outcome = set.receive(res);
    if (!outcome.ok) return outcome;
    const dialog = outcome.value.dialog;
    if (dialog === undefined) return { ok: false, reason: 'the 2xx made no dialog' };
    if (this.kept === undefined) this.kept = dialog;
    return { ok: true, value: this.answer(dialog, res, this.kept === dialog, set.invite) };
  }

  /** A 2xx to a re-INVITE this side sent in `dialog`; pass the re-INVITE when it carried credentials. */
  reinvite(dialog: Dialog, res: SipResponse, reinvite?: SipRequest): TwoXxAction {
    dialog.receiveResponse(res);
    return this.answer(dialog, res, true, reinvite);
  }

  private answer(dialog: Dialog, res: SipResponse, kept: boolean, invite: SipRequest | undefined): TwoXxAction {
    const key = `${dialog.id.remoteTag}\n${getCSeq(res)?.seq ?? ''}`;
    const seen = this.acks.get(key);
    if (seen) return { dialog, kept, retransmission: true, send: [seen] };
    const ack = buildAckFor2xx(dialog, res, this.opts, kept ? this.opts.ackContent?.(dialog, res) : undefined, invite);
    this.acks.set(key, ack);
    if (kept) return { dialog, kept, retransmission: false, send: [ack] };
    // §13.2.2.4: a UAC that does not want the extra dialog MUST ACK it and then terminate it with BYE.
    const bye = dialog.createRequest('BYE');
    dialog.terminate();
    return { dialog, kept, retransmission: false, send: [ack, bye] };
  }
}
