import type { CallLegEvents, LineFailure } from '../../telephony/carrier.ts';
import type { LineOutcome } from '../../domain/session.ts';
import type { CallRuntime } from './call-runtime.ts';

type LineEventTable = { [K in Exclude<keyof CallLegEvents, 'close'>]: (call: CallRuntime, ...args: CallLegEvents[K]) => void };

const outcomeOf = (f: { reason: string; sipStatus?: number; q850Cause?: number }): LineOutcome => ({
  reason: f.reason,
  ...(f.sipStatus !== undefined && { sipStatus: f.sipStatus }),
  ...(f.q850Cause !== undefined && { q850Cause: f.q850Cause }),
});

/**
 * What each line event means to the session and the IVR. One entry per event of the carrier
 * seam; the call is stamped with the app's clock on receipt.
 */
export const LINE_EVENTS: LineEventTable = {
  ringing: (call) => call.apply({ type: 'ringing', at: call.clock.now() }),
  answered: (call) => call.apply({ type: 'answered', at: call.clock.now() }),
  failed: (call, f: LineFailure) => call.apply({ type: 'lineFailed', at: call.clock.now(), endStatus: f.endStatus, line: outcomeOf(f) }),
  hangup: (call, h) => call.apply({ type: 'remoteHangup', at: call.clock.now(), line: outcomeOf(h) }),
  dtmf: (call, d) => call.feedIvr({ type: 'digit', at: call.clock.now(), digit: d.digit }),
  playbackDone: (call, p) => call.feedIvr({ type: 'playbackDone', at: call.clock.now(), playbackId: p.playbackId }),
  transfer: (call, t) => {
    if (t.state === 'completed')
      call.apply({
        type: 'transferred',
        at: call.clock.now(),
        line: outcomeOf({ reason: `transferred to ${t.target}`, sipStatus: t.sipStatus }),
      });
  },
};
