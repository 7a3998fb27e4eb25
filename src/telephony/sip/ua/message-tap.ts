// The UA core's message tap: every SIP message it sends or receives, told to observers (the call trace). Free while none watches.
import type { Clock } from '../../../shared/clock.ts';
import { SIP_VERSION, type SipMessage } from '../message/index.ts';

/** One message on the wire, as an observer sees it. */
export interface SipWireMessage {
  readonly direction: 'in' | 'out';
  /** The UA clock's time, Unix ms. */
  readonly atMs: number;
  /** `UDP` or `TCP`: how it actually travelled (after §18.1.1 may have moved it to TCP). */
  readonly transport: 'UDP' | 'TCP';
  /** Where it went, or came from. */
  readonly remoteHost: string;
  readonly remotePort: number;
  readonly startLine: string;
  /** The parser checks both headers and we always write them, so undefined means a message without one. */
  readonly callId: string | undefined;
  readonly cseq: string | undefined;
  readonly byteLength: number;
  /** The bytes as on the wire. Valid only during the observer's call: copy what you keep. */
  readonly bytes: Uint8Array;
  readonly message: SipMessage;
}

export type SipMessageObserver = (m: SipWireMessage) => void;

/** The outbound hook the transaction-transport adapter calls with what it serialized. */
export type OutboundTap = (message: SipMessage, transport: string, host: string, port: number, bytes: Uint8Array) => void;

export function startLineOf(m: SipMessage): string {
  return m.kind === 'request' ? `${m.method} ${m.uri} ${SIP_VERSION}` : `${SIP_VERSION} ${m.status} ${m.reason}`;
}

/** The observers of one UA; `onError` hears an observer that threw (the SIP traffic goes on regardless). */
export class MessageTap {
  private observers: SipMessageObserver[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly onError: (e: unknown) => void,
  ) {}

  get active(): boolean {
    return this.observers.length > 0;
  }

  /** Adds an observer; the returned function removes it (idempotent). */
  add(observer: SipMessageObserver): () => void {
    this.observers = [...this.observers, observer];
    return () => {
      this.observers = this.observers.filter((o) => o !== observer);
    };
  }

  readonly outbound: OutboundTap = (message, transport, host, port, bytes) => this.tell('out', message, transport, host, port, bytes);

  inbound(message: SipMessage, transport: string, host: string, port: number, bytes: Uint8Array): void {
    this.tell('in', message, transport, host, port, bytes);
  }

  private tell(direction: 'in' | 'out', message: SipMessage, transport: string, host: string, port: number, bytes: Uint8Array): void {
    const observers = this.observers;
    if (observers.length === 0) return;
    const event: SipWireMessage = {
      direction,
      atMs: this.clock.now(),
      transport: transport.toUpperCase() === 'TCP' ? 'TCP' : 'UDP',
      remoteHost: host,
      remotePort: port,
      startLine: startLineOf(message),
      callId: message.headers.get('Call-ID'),
      cseq: message.headers.get('CSeq'),
      byteLength: bytes.length,
      bytes,
      message,
    };
    for (const o of observers) {
      try {
        o(event);
      } catch (e) {
        this.onError(e);
      }
    }
  }
}
