// An answered call's dialog as a release token, and the BYE a later process sends with it after a crash (RFC 3261 §12.2.1.1, §15).
import type { Clock } from '../../../shared/clock.ts';
import type { OrphanRelease } from '../../carrier.ts';
import { Dialog, type DialogSnapshot } from '../dialog/index.ts';
import type { SipRequest, Result } from '../message/index.ts';
import type { TransportDestination } from '../transaction/index.ts';
import { sendInDialog } from '../ua/in-dialog-send.ts';
import type { UserAgentCore } from '../ua/index.ts';
import type { SipSession } from '../ua/session/index.ts';

export const SIP_CARRIER_NAME = 'sip';

/**
 * §12.2.1.1: the BYE must carry a CSeq above every one this side used in the dialog. The token is
 * written once, at answer, and after it the carrier only sends session-timer refreshes (one
 * re-INVITE per half interval, RFC 4028 §10; at the 90 s Min-SE floor that is one a 45 s) and
 * nothing else that counts up: 1000 above the CSeq at answer outlasts any call of 12 hours and more,
 * without writing the row again on each request. §8.1.1.5 keeps it below 2^31.
 */
export const CSEQ_HEADROOM = 1000;
const CSEQ_CEILING = 0x7fffffff - 1;

/** What the `sip` carrier stores for a call: the dialog, and the address its INVITE went to or came from. */
export interface SipReleaseState {
  v: 1;
  dialog: DialogSnapshot;
  peer: { transport: 'udp' | 'tcp'; host: string; port: number };
}

export interface RestoredDialog {
  dialog: Dialog;
  peer: TransportDestination;
}

/** The release state of an answered session, as JSON text; the CSeq is set CSEQ_HEADROOM above the one in use. */
export function releaseStateOf(session: Pick<SipSession, 'dialog' | 'peer'>): string {
  const snapshot = session.dialog.snapshot();
  const peer = session.peer;
  const state: SipReleaseState = {
    v: 1,
    dialog: { ...snapshot, localSeq: Math.min(snapshot.localSeq + CSEQ_HEADROOM, CSEQ_CEILING) },
    peer: { transport: peer.transport.toUpperCase() === 'TCP' ? 'tcp' : 'udp', host: peer.host, port: peer.port },
  };
  return JSON.stringify(state);
}

/** The dialog and peer of a stored release state; fails on anything unreadable (another version, a damaged row). */
export function restoreDialog(text: string): Result<RestoredDialog> {
  let state: Partial<SipReleaseState>;
  try {
    state = JSON.parse(text) as Partial<SipReleaseState>;
  } catch {
    return { ok: false, reason: 'the release state is not JSON' };
  }
  if (state?.v !== 1 || !state.dialog || !state.peer) return { ok: false, reason: 'not a version 1 sip release state' };
  const { transport, host, port } = state.peer;
  if ((transport !== 'udp' && transport !== 'tcp') || typeof host !== 'string' || !Number.isInteger(port))
    return { ok: false, reason: 'the release state has no usable peer address' };
  const dialog = Dialog.restore(state.dialog);
  if (!dialog.ok) return dialog;
  return { ok: true, value: { dialog: dialog.value, peer: { transport: transport.toUpperCase(), host, port } } };
}

/**
 * §15.1.1: the BYE of a restored dialog. §12.2.1.1 makes it: Request-URI the remote target (or the
 * strict first route), Route the route set, From with the local tag, To with the remote tag, the
 * dialog's Call-ID, and the next local CSeq.
 */
export function orphanBye(restored: RestoredDialog): SipRequest {
  return restored.dialog.createRequest('BYE');
}

/**
 * Sends the BYE to the dialog's next hop (§8.1.2, in-dialog-send.ts) and waits for its final
 * response, at most `timeoutMs` (the transaction keeps retransmitting in the UA after that, up to
 * Timer F). Never rejects.
 */
export function sendOrphanBye(ua: UserAgentCore, clock: Clock, state: string, timeoutMs: number): Promise<OrphanRelease> {
  const restored = restoreDialog(state);
  if (!restored.ok) return Promise.resolve({ released: false, detail: restored.reason });
  const { dialog, peer } = restored.value;
  const where = `${peer.transport} ${peer.host}:${peer.port}, Call-ID ${dialog.id.callId}`;
  return new Promise((resolve) => {
    let timer: ReturnType<Clock['setTimer']> | undefined;
    const done = (r: OrphanRelease): void => {
      if (timer) clock.clearTimer(timer);
      timer = undefined;
      resolve(r);
    };
    try {
      const tx = sendInDialog(ua, dialog, orphanBye(restored.value), peer);
      timer = clock.setTimer(timeoutMs, () => done({ released: false, detail: `BYE sent (${where}), no answer within ${timeoutMs} ms` }));
      tx.on('response', (res) => {
        // 481: the far end had already ended the dialog; either way the call is down there.
        if (res.status >= 200) done({ released: res.status < 300 || res.status === 481, detail: `BYE (${where}) answered ${res.status}` });
      });
      tx.on('timeout', () => done({ released: false, detail: `BYE (${where}) timed out` }));
      tx.on('transportError', () => done({ released: false, detail: `BYE (${where}) could not be sent` }));
    } catch (err) {
      done({ released: false, detail: `BYE (${where}) failed: ${err instanceof Error ? err.message : String(err)}` });
    }
  });
}
