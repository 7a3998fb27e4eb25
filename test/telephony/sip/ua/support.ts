// A raw UDP peer for UA tests: sends bytes to the UA and collects what comes back, parsed.
import { createSocket, type Socket } from 'node:dgram';
import { parseSipMessage, type SipMessage } from '../../../../src/telephony/sip/message/index.ts';

export class RawPeer {
  readonly received: SipMessage[] = [];
  private waiters: { pred: (m: SipMessage) => boolean; resolve: (m: SipMessage) => void }[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('message', (buf) => {
      const r = parseSipMessage(buf);
      if (!r.ok) throw new Error(`UA sent unparseable SIP: ${r.reason}`);
      this.received.push(r.message);
      this.waiters = this.waiters.filter((w) => (w.pred(r.message) ? (w.resolve(r.message), false) : true));
    });
  }

  static async open(): Promise<RawPeer> {
    const s = createSocket('udp4');
    await new Promise<void>((res) => s.bind(0, '127.0.0.1', res));
    return new RawPeer(s);
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(text: string, port: number): void {
    this.socket.send(Buffer.from(text.replace(/\n/g, '\r\n'), 'latin1'), port, '127.0.0.1');
  }

  /** The first message (already received or to come) matching `pred`. */
  next(pred: (m: SipMessage) => boolean): Promise<SipMessage> {
    const hit = this.received.find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }

  close(): Promise<void> {
    return new Promise((res) => this.socket.close(() => res()));
  }
}

/** A request from the raw peer with the five mandatory headers; `extra` lines go before the blank line. */
export function rawRequest(method: string, peerPort: number, id: string, extra: string[] = [], cseqMethod = method): string {
  return [
    `${method} sip:ua@127.0.0.1 SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${peerPort};branch=z9hG4bK-${id};rport`,
    'Max-Forwards: 70',
    `From: <sip:peer@127.0.0.1>;tag=p-${id}`,
    'To: <sip:ua@127.0.0.1>',
    `Call-ID: ${id}@test`,
    `CSeq: 1 ${cseqMethod}`,
    ...extra,
    'Content-Length: 0',
    '',
    '',
  ].join('\n');
}

export const status = (s: number) => (m: SipMessage) => m.kind === 'response' && m.status === s;
export const statusFor = (s: number, method: string) => (m: SipMessage) =>
  m.kind === 'response' && m.status === s && (m.headers.get('CSeq') ?? '').endsWith(method);
