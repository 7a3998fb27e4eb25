// The SIP transaction layer's public API (RFC 3261 §17, RFC 6026).
export { DEFAULT_TIMER_CONFIG, transactionTimers, type TimerConfig, type TransactionTimers } from './timers.ts';
export type { TransactionTransport, TransportDestination } from './transaction-transport.ts';
export type { TransactionOptions, ClientTransactionEvents, ServerTransactionEvents } from './transaction-options.ts';
export { nextState, stateTable, type StateTable, type Transition } from './state-table.ts';
export { InviteClientTransaction, INVITE_CLIENT_TABLE, type InviteClientState, type InviteClientEvent } from './invite-client.ts';
export {
  NonInviteClientTransaction,
  NON_INVITE_CLIENT_TABLE,
  type NonInviteClientState,
  type NonInviteClientEvent,
} from './non-invite-client.ts';
export { InviteServerTransaction, INVITE_SERVER_TABLE, type InviteServerState, type InviteServerEvent } from './invite-server.ts';
export {
  NonInviteServerTransaction,
  NON_INVITE_SERVER_TABLE,
  type NonInviteServerState,
  type NonInviteServerEvent,
} from './non-invite-server.ts';
export { clientKey, clientKeyOfRequest, clientKeyOfResponse, serverKey, type ServerKey } from './transaction-key.ts';
export {
  TransactionLayer,
  type TransactionLayerOptions,
  type TransactionUser,
  type ClientTransaction,
  type ServerTransaction,
} from './transaction-layer.ts';
