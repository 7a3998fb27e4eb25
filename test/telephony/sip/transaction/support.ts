// Shared test helpers: a recording transport on a VirtualClock and message factories. Real components, no mocks:
// the transport is the TransactionTransport seam itself, recording what the transactions hand it.
import { VirtualClock } from '../../../../src/shared/clock.ts';
import {
  createRequest,
  createResponse,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from '../../../../src/telephony/sip/message/index.ts';
import type { TransactionTransport, TransportDestination } from '../../../../src/telephony/sip/transaction/index.ts';

export const PEER: TransportDestination = { transport: 'UDP', host: '192.0.2.9', port: 5060 };

export interface Sent {
  /** ms since the test's start. */
  readonly at: number;
  readonly message: SipMessage;
  readonly destination: TransportDestination;
}

export class RecordingTransport implements TransactionTransport {
  readonly sent: Sent[] = [];
  /** When true, every send stays pending until resolveHeld/rejectHeld. */
  hold = false;
  /** When true, every send rejects at once (ICMP unreachable, refused connection). */
  failing = false;
  private readonly held: ((e?: Error) => void)[] = [];
  private readonly start: number;

  constructor(
    private readonly clock: VirtualClock,
    public reliable = false,
  ) {
    this.start = clock.now();
  }

  send(message: SipMessage, destination: TransportDestination): Promise<void> {
    this.sent.push({ at: this.clock.now() - this.start, message, destination });
    if (this.failing) return Promise.reject(new Error('port unreachable'));
    if (!this.hold) return Promise.resolve();
    return new Promise((resolve, reject) => this.held.push((e) => (e ? reject(e) : resolve())));
  }

  isReliable(): boolean {
    return this.reliable;
  }

  rejectHeld(): void {
    for (const settle of this.held.splice(0)) settle(new Error('connection reset'));
  }

  /** Send times of messages matching `what` ('INVITE', 'ACK', 100, 486, ...). */
  times(what: string | number): number[] {
    return this.sent.filter((s) => label(s.message) === String(what)).map((s) => s.at);
  }

  labels(): string[] {
    return this.sent.map((s) => label(s.message));
  }
}

export function label(m: SipMessage): string {
  return m.kind === 'request' ? m.method : String(m.status);
}

/** Lets rejected sends reach their transactions (they settle in microtasks). */
export async function flush(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

export function newClock(): VirtualClock {
  return new VirtualClock(0);
}

let counter = 0;

export interface RequestShape {
  method?: string;
  branch?: string;
  sentBy?: string;
  toTag?: string;
  callId?: string;
  cseq?: number;
  uri?: string;
}

export function request(shape: RequestShape = {}): SipRequest {
  const n = ++counter;
  const method = shape.method ?? 'INVITE';
  const branch = shape.branch ?? `z9hG4bKtest${n}`;
  return createRequest({
    method,
    uri: shape.uri ?? 'sip:bob@example.com',
    from: '<sip:alice@example.org>;tag=from1',
    to: shape.toTag === undefined ? '<sip:bob@example.com>' : `<sip:bob@example.com>;tag=${shape.toTag}`,
    callId: shape.callId ?? `call-${n}`,
    cseq: shape.cseq ?? 1,
    via: {
      protocol: 'SIP',
      version: '2.0',
      transport: 'UDP',
      host: shape.sentBy ?? '198.51.100.1',
      port: 5060,
      params: new Map(branch === '' ? [] : [['branch', branch]]),
    },
  });
}

export function response(req: SipRequest, status: number, toTag = 'uas1'): SipResponse {
  return createResponse(req, status, undefined, { toTag });
}
