import type { CallAttempt, CountQuery } from '../domain/rules/rule.ts';
import type { Storage } from '../storage/repositories.ts';

/**
 * The one seam the outbound rules' counts come through (pendingQueries' shape in, the same shape
 * out). Every count is read from storage, exact under the admission lock: within one process with
 * the in-process lock, over every server on the database with the cluster lock (ctx.admission).
 */
export function answerCounts(
  storage: Storage,
  attempt: CallAttempt,
  callerNumber: string,
  queries: readonly (readonly CountQuery[])[],
): Promise<number[][]> {
  const answer = (q: CountQuery): Promise<number> => {
    switch (q.subject) {
      case 'callee':
        return storage.sessions.countByCallee(attempt.sdkAppId, attempt.calleeE164, q.sinceMs);
      case 'caller':
        return storage.sessions.countByCaller(attempt.sdkAppId, callerNumber, q.sinceMs);
      case 'callerChannels':
        return storage.sessions.countActiveOnNumber(attempt.sdkAppId, callerNumber, attempt.callerE164);
    }
  };
  return Promise.all(queries.map((qs) => Promise.all(qs.map(answer))));
}
