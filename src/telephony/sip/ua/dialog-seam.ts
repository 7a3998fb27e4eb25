// The seam the dialog layer (sip/dialog/, another branch) plugs into; until it does, the UA core answers 481.
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { ServerTransaction } from '../transaction/index.ts';
import type { ArrivalDestination } from './transaction-transport-adapter.ts';

export interface DialogSeam {
  /** A request with a To tag, or a BYE (RFC 3261 §12.2.2); true when a dialog took it and will answer through `tx`. */
  inDialogRequest(request: SipRequest, tx: ServerTransaction, source: ArrivalDestination): boolean;
  /** An ACK no transaction owns: the ACK for a 2xx (§13.3.1.4). */
  ack(request: SipRequest, source: ArrivalDestination): void;
  /** A 2xx retransmission after its client transaction ended (§13.2.2.4). */
  strayResponse(response: SipResponse, source: ArrivalDestination): void;
}
