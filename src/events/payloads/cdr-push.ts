import { buildTelCdr, type CdrExtras, type TelCdr } from '../../domain/cdr.ts';
import type { SessionRecord } from '../../domain/session.ts';

/** TCCC's `action=cdr&version=1` body: the session's TelCdrInfo exactly as DescribeTelCdr returns it, plus SdkAppId. */
export type CdrPush = { SdkAppId: number } & TelCdr;

/** `extras` must be what DescribeTelCdr would use (caller location, recording link), so both answers agree. */
export function buildCdrPush(session: SessionRecord, extras: CdrExtras = {}): CdrPush {
  return cdrPushOf(session.sdkAppId, buildTelCdr(session, extras));
}

/** The push body of a CDR already built (the webhook's session.ended carries the same one). */
export function cdrPushOf(sdkAppId: number, cdr: TelCdr): CdrPush {
  return { SdkAppId: sdkAppId, ...cdr };
}
