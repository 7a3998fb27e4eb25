import type { Logger } from '../shared/logger.ts';
import type { SessionEventSink } from './session-events.ts';

/** The default event sink until webhooks exist: one structured log line per lifecycle event. */
export function logEvents(logger: Logger): SessionEventSink {
  return {
    publish(ev) {
      const s = ev.session;
      logger.info(
        { event: ev.type, sessionId: s.sessionId, sdkAppId: s.sdkAppId, status: s.status, endStatus: s.endStatus ?? undefined },
        ev.type,
      );
    },
  };
}
