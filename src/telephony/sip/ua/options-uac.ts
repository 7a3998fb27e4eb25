// OPTIONS outside a dialog towards a peer (RFC 3261 §11.1): a capability query and a liveness probe.
import { createRequest, newCallId, type SipResponse } from '../message/index.ts';
import type { TransportDestination } from '../transaction/index.ts';
import { localFailure } from './final-outcome.ts';
import type { UserAgentCore } from './user-agent-core.ts';

export interface OptionsResult {
  status: number;
  reason: string;
  /** Absent when the transaction timed out (408) or the transport failed (503). */
  response?: SipResponse;
}

/** Sends one OPTIONS and resolves with its final response, or 408/503 (§8.1.3.1). Never rejects. */
export function sendOptions(ua: UserAgentCore, destination: TransportDestination, uri: string): Promise<OptionsResult> {
  const host = ua.host.includes(':') ? `[${ua.host}]` : ua.host;
  const request = createRequest({
    method: 'OPTIONS',
    uri,
    from: `<sip:openccc@${host}>;tag=${ua.newTag()}`,
    to: `<${uri}>`,
    callId: newCallId(ua.random, ua.host),
    cseq: 1,
    via: ua.newVia(destination.transport),
    contact: ua.contact(destination.transport),
    headers: [['Accept', 'application/sdp']],
  });
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: OptionsResult): void => {
      if (done) return;
      done = true;
      resolve(r);
    };
    const tx = ua.sendRequest(request, destination);
    tx.on('response', (r) => {
      if (r.status >= 200) finish({ status: r.status, reason: r.reason, response: r });
    });
    tx.on('timeout', () => finish(localFailure('timeout')));
    tx.on('transportError', () => finish(localFailure('transport')));
    tx.on('terminated', () => finish({ status: 408, reason: 'Request Timeout' })); // closed before any answer
  });
}
