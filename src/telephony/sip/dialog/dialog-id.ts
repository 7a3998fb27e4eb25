import { getCallId, getFromTag, getToTag, type SipMessage } from '../message/index.ts';

/** A dialog's identity (RFC 3261 §12): Call-ID and the two tags, seen from this side. */
export interface DialogId {
  readonly callId: string;
  readonly localTag: string;
  /** '' when the peer sent no tag (an RFC 2543 peer, §12.1.1 / §12.1.2). */
  readonly remoteTag: string;
}

/** A string key for maps of dialogs. */
export function dialogKey(id: DialogId): string {
  return `${id.callId}\n${id.localTag}\n${id.remoteTag}`;
}

/** The id of the dialog an incoming request belongs to, as its UAS sees it (§12.2.2): local = To tag, remote = From tag. */
export function dialogIdOfRequest(m: SipMessage): DialogId | undefined {
  const callId = getCallId(m);
  const localTag = getToTag(m);
  if (callId === undefined || localTag === undefined) return undefined;
  return { callId, localTag, remoteTag: getFromTag(m) ?? '' };
}

/** The id of the dialog a response to our request belongs to (§12.1.2): local = From tag, remote = To tag. */
export function dialogIdOfResponse(m: SipMessage): DialogId | undefined {
  const callId = getCallId(m);
  const localTag = getFromTag(m);
  if (callId === undefined || localTag === undefined) return undefined;
  return { callId, localTag, remoteTag: getToTag(m) ?? '' };
}
