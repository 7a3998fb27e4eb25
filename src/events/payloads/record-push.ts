import type { SessionRecord } from '../../domain/session.ts';

/** A recording of a session, as the data push announces it. */
export interface PushedRecording {
  recordId: string;
  /** The link the receiver downloads it from (signed, expiring: docs/recordings.md). */
  recordUrl: string;
  createdAtMs: number;
}

/**
 * TCCC's `action=record&version=1` body (research/tccc-data-push.md §1.2). TCCC sends one per
 * recorded party; openccc records a call as one file (both parties), so one message per file,
 * with the customer's number as EndpointUser (the callee of an outbound call, the caller of an
 * inbound one).
 */
export function buildRecordPush(session: SessionRecord, rec: PushedRecording) {
  return {
    SdkAppId: session.sdkAppId,
    RecordId: rec.recordId,
    SessionId: session.sessionId,
    Timestamp: Math.floor(rec.createdAtMs / 1000),
    EndpointUser: session.direction === 1 ? session.callee : session.caller,
    RecordURL: rec.recordUrl,
  };
}

export type RecordPush = ReturnType<typeof buildRecordPush>;
