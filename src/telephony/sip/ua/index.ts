// The SIP user agent core's public API (RFC 3261 §8, §9, §11, §13 up to the dialog layer).
export { UserAgentCore, type UserAgentCoreOptions, type UserAgentCoreEvents, type InviteHandler, type UaStats } from './user-agent-core.ts';
export { IncomingInvite, type IncomingInviteEvents, type IncomingInviteState } from './incoming-invite.ts';
export {
  InviteUac,
  type InviteUacOptions,
  type InviteUacEvents,
  type InviteUacState,
  type ProvisionalOutcome,
  type AnsweredOutcome,
} from './invite-uac.ts';
export type { FailureOutcome } from './final-outcome.ts';
export { sendOptions, type OptionsResult } from './options-uac.ts';
export { OptionsKeepAlive, type KeepAliveOptions, type KeepAliveEvents } from './options-keepalive.ts';
export type { DialogSeam } from './dialog-seam.ts';
export { startLineOf, type SipWireMessage, type SipMessageObserver } from './message-tap.ts';
export { TransactionTransportAdapter, type ArrivalDestination, type AdapterOptions } from './transaction-transport-adapter.ts';
export { ALLOWED_METHODS, KNOWN_UNSUPPORTED } from './capabilities.ts';
export { routeRequest, type RequestRoute } from './request-router.ts';
export { PeerPolicy, TrustedAddresses, type PeerPolicyConfig, type PeerDigestConfig, type PeerVerdict } from './peer-policy.ts';
