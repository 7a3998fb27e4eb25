// The SIP dialog layer's public API (RFC 3261 §12–§14, RFC 3262, RFC 4028, INFO DTMF), for the UA core.
export {
  Dialog,
  type DialogState,
  type DialogRole,
  type DialogOptions,
  type InDialogRequestOptions,
  type InDialogVerdict,
} from './dialog.ts';
export type { DialogSnapshot } from './dialog-snapshot.ts';
export { dialogKey, dialogIdOfRequest, dialogIdOfResponse, type DialogId } from './dialog-id.ts';
export { UacDialogSet, type ForkOutcome } from './dialog-set.ts';
export { requestTarget, requestUriOf, isLooseRoute, nextHopUri, type RequestTarget } from './route-set.ts';
export { buildAckFor2xx, TwoXxAcker, type AckFor2xxOptions, type TwoXxAction } from './ack-for-2xx.ts';
export { TwoXxRetransmitter, type TwoXxRetransmitterOptions, type TwoXxRetransmitEvent } from './two-xx-retransmitter.ts';
export { rejectCollidingReinvite, glareBackoffMs, GlareRetry, type PendingInvites } from './reinvite-glare.ts';
export {
  parseSessionExpires,
  formatSessionExpires,
  parseMinSe,
  formatMinSe,
  readSessionExpires,
  readMinSe,
  MIN_SE_FLOOR,
  type Refresher,
  type SessionExpires,
} from './session-expires.ts';
export {
  sessionTimerRequestHeaders,
  retryAfter422,
  rejectTooSmall,
  answerSessionTimer,
  negotiatedTimer,
  type SessionTimerRequest,
  type SessionTimerAnswer,
  type NegotiatedSessionTimer,
} from './session-timer-negotiation.ts';
export { SessionTimer, refreshDelayMs, expiryDelayMs, type SessionTimerEvent } from './session-timer.ts';
export {
  PrackTracker,
  parseRSeq,
  parseRAck,
  formatRAck,
  isReliableProvisional,
  type RAck,
  type ProvisionalVerdict,
} from './reliable-provisional.ts';
export { parseDtmfInfo, type InfoDigit } from './dtmf-info.ts';
export {
  ReliableProvisionalSender,
  type ReliableProvisionalSenderOptions,
  type ReliableProvisionalEvent,
} from './reliable-provisional-sender.ts';
