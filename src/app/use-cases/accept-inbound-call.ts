import { newSessionId } from '../../shared/ids.ts';
import { newSessionRecord } from '../../domain/session.ts';
import { parseDialable } from '../../domain/phone-number.ts';
import type { IncomingCall } from '../../telephony/carrier.ts';
import type { AppContext } from '../app-context.ts';

/**
 * An inbound call arrived: the number it dialed (in any of its forms: 0086..., +86..., 86...)
 * chooses the app and the inbound IVR. Unknown numbers are refused (the carrier says 404); a
 * server shutting down refuses with unavailable. The session is Direction 0: Caller is the
 * remote number, Callee ours.
 */
export async function acceptInboundCall(ctx: AppContext, incoming: IncomingCall): Promise<void> {
  const dialed = parseDialable(incoming.callee) ?? parseDialable(`+${incoming.callee.replace(/^\+/, '')}`);
  const route = dialed ? ctx.world.inbound.get(dialed.e164) : undefined;
  if (!route) {
    ctx.logger.info({ callee: incoming.callee, caller: incoming.caller }, 'inbound call to a number with no inbound IVR: refused');
    return incoming.reject('notFound');
  }
  if (!ctx.calls.accepting) return incoming.reject('unavailable');
  const remote = parseDialable(incoming.caller);
  const session = newSessionRecord({
    sessionId: newSessionId(),
    sdkAppId: route.app.sdkAppId,
    ivrId: route.ivr.config.id,
    callee: route.number.number,
    calleeE164: route.number.e164,
    caller: remote ? remote.e164 : incoming.caller,
    direction: 0,
    uui: '',
    variables: {},
    startedAt: ctx.clock.now(),
    requestId: '',
  });
  try {
    await ctx.calls.adopt(session, route.ivr.flow, incoming, { record: route.ivr.config.record });
  } catch (err) {
    ctx.logger.error({ err, callee: incoming.callee }, 'could not record an inbound call: refused');
    incoming.reject('unavailable');
  }
}
