// Sends in-dialog requests to the dialog's next hop (RFC 3261 §8.1.2, §12.2.1.1), not to where the INVITE went.
import { isIP } from 'node:net';
import { formatVia, getTopVia, type SipRequest, type Uri } from '../message/index.ts';
import type { Dialog } from '../dialog/index.ts';
import type { ClientTransaction, TransportDestination } from '../transaction/index.ts';
import type { UserAgentCore } from './user-agent-core.ts';

/**
 * The address of a next-hop URI (§8.1.2, §19.1.1: maddr overrides the host; RFC 3263 §4.2 default ports). No DNS here
 * (RFC 3263 resolution is the carrier's): a host name, a tel URI or an unreachable transport falls back to `peer`,
 * the address the dialog's INVITE went to or came from. Without a transport parameter the dialog's transport is kept.
 */
export function destinationOf(uri: Uri, peer: TransportDestination): TransportDestination {
  if (uri.kind !== 'sip') return peer;
  const maddr = uri.params.get('maddr');
  const host = (maddr ?? uri.host).replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) === 0) return peer;
  const param = uri.params.get('transport');
  const transport = param ? param.toUpperCase() : uri.scheme === 'sips' ? 'TLS' : peer.transport;
  if (transport !== 'UDP' && transport !== 'TCP') return peer; // only UDP and TCP are served by the transport layer
  return { transport, host, port: uri.port ?? (uri.scheme === 'sips' ? 5061 : 5060) };
}

/** Where the dialog's next request goes: the first route, else the remote target (§8.1.2), as an address. */
export function nextHopOf(dialog: Dialog, peer: TransportDestination): TransportDestination {
  return destinationOf(dialog.nextHop, peer);
}

/** §8.1.1.7: a request without a top Via gets ours, for the transport it is about to use. */
function withVia(ua: UserAgentCore, request: SipRequest, to: TransportDestination): SipRequest {
  if (getTopVia(request) !== undefined) return request;
  const headers = request.headers.clone().prepend('Via', formatVia(ua.newVia(to.transport)));
  return { ...request, headers };
}

/** Starts the client transaction of an in-dialog request (BYE, re-INVITE, UPDATE, INFO, PRACK) towards the next hop. */
export function sendInDialog(ua: UserAgentCore, dialog: Dialog, request: SipRequest, peer: TransportDestination): ClientTransaction {
  const to = nextHopOf(dialog, peer);
  return ua.sendRequest(withVia(ua, request, to), to);
}

/** The ACK for a 2xx, outside any transaction (§13.2.2.4), towards the next hop. */
export function sendAckInDialog(ua: UserAgentCore, dialog: Dialog, ack: SipRequest, peer: TransportDestination): void {
  const to = nextHopOf(dialog, peer);
  ua.sendDirect(withVia(ua, ack, to), to).catch(() => undefined);
}
