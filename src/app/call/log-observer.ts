import type { Logger } from '../../shared/logger.ts';
import type { SessionObserver } from './session-observer.ts';

/** The default observer: one structured log line per lifecycle event. */
export function logSessions(logger: Logger): SessionObserver {
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
