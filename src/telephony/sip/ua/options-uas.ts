// OPTIONS outside a dialog: 200 with what we support (RFC 3261 §11.2).
import { createResponse, type SipRequest } from '../message/index.ts';
import type { ServerTransaction } from '../transaction/index.ts';
import { capabilityHeaders } from './capabilities.ts';

export function answerOptions(request: SipRequest, tx: ServerTransaction, toTag: string, extra: [string, string][] = []): void {
  tx.respond(createResponse(request, 200, undefined, { toTag, headers: [...capabilityHeaders(), ...extra] }));
}
