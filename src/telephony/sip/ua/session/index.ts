// SIP sessions (INVITE dialog usages) on top of the UA core: plug a SessionManager into `ua.dialogs`.
export { SessionManager, type SessionManagerOptions, type SessionManagerEvents, type OutgoingCall } from './session-manager.ts';
export {
  SipSession,
  type SipSessionEvents,
  type SipSessionOptions,
  type SessionEndReason,
  type OfferHandler,
  type ReinviteResult,
} from './sip-session.ts';
