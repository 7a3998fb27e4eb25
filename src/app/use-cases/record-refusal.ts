import { LifecycleSequence } from '../../domain/lifecycle-event.ts';
import type { RuleVerdict } from '../../domain/rules/rule.ts';
import { newSessionRecord, type NewSession, type SessionRecord } from '../../domain/session.ts';
import type { AppContext } from '../app-context.ts';

type Refusal = Extract<RuleVerdict, { ok: false }>;

/**
 * The CDR of an attempt an outbound rule refused, as TCCC keeps one (EndStatus 100, 108-111): it
 * ended the instant it started, nothing rang, the system "hung up", and no call was placed.
 */
export function refusedAttemptRecord(init: NewSession, refusal: Refusal): SessionRecord {
  const record = newSessionRecord(init);
  record.status = 'finished';
  record.endedAt = init.startedAt;
  record.endStatus = refusal.endStatus;
  record.hungUpSide = 'system';
  return record;
}

/**
 * Writes the refusal's CDR so DescribeTelCdr shows it. Storage keeps it out of the sessions the
 * caps count. A failed write is logged, not thrown: the caller still answers with the rule's error.
 */
export async function recordRefusal(ctx: AppContext, init: NewSession, refusal: Refusal): Promise<SessionRecord> {
  const record = refusedAttemptRecord(init, refusal);
  const seq = new LifecycleSequence(record.sessionId);
  const events = [seq.next('session.created', record, init.startedAt), seq.next('session.ended', record, init.startedAt)];
  ctx.cdrs.writing(record.sdkAppId);
  try {
    const outbox = ctx.outbox ? await ctx.outbox.endedMessagesOf(record, events) : [];
    await ctx.storage.recordRefusal(record, events, outbox);
    ctx.outbox?.appended(outbox);
    ctx.cdrs.written(record);
  } catch (err) {
    ctx.logger.error({ err, sessionId: record.sessionId, rule: refusal.rule }, 'could not record a refused attempt');
  }
  return record;
}
