import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { CallTrace } from '../../domain/call-trace.ts';
import type { CallLeg } from '../../telephony/carrier.ts';
import type { Storage } from '../../storage/repositories.ts';

/** How long a finished call waits for its leg's trace; the CDR is written meanwhile and never waits. */
export const TRACE_WAIT_MS = 2_000;

/**
 * Asks a closed leg for its trace (CallLeg.trace) and gives up after `waitMs`: resolves undefined
 * when the leg has none (sim legs), is too slow or fails. Never rejects, leaves no timer behind.
 */
export function collectTrace(
  leg: CallLeg,
  clock: Clock,
  waitMs: number,
  /** The call's logger (it carries the SessionId). */
  logger: Logger,
): Promise<CallTrace | undefined> {
  if (!leg.trace) return Promise.resolve(undefined);
  let asked: Promise<CallTrace | undefined>;
  try {
    asked = leg.trace();
  } catch (err) {
    asked = Promise.reject(err);
  }
  return new Promise((resolve) => {
    let settled = false;
    const settle = (trace: CallTrace | undefined): void => {
      if (settled) return;
      settled = true;
      clock.clearTimer(timer);
      resolve(trace);
    };
    const timer = clock.setTimer(waitMs, () => {
      logger.warn({ waitMs }, 'call trace not ready in time; the call is kept without it');
      settle(undefined);
    });
    asked.then(settle, (err: unknown) => {
      logger.warn({ err }, 'could not collect the call trace');
      settle(undefined);
    });
  });
}

/** Collects and stores a closed leg's trace; resolves once it is stored, or was not (logged). Never rejects. */
export async function keepTrace(
  leg: CallLeg,
  deps: { clock: Clock; storage: Storage; logger: Logger; traceWaitMs?: number },
  sessionId: string,
): Promise<void> {
  const trace = await collectTrace(leg, deps.clock, deps.traceWaitMs ?? TRACE_WAIT_MS, deps.logger);
  if (!trace) return;
  try {
    await deps.storage.traces.save(sessionId, trace, deps.clock.now());
  } catch (err) {
    deps.logger.error({ err }, 'could not save the call trace');
  }
}
