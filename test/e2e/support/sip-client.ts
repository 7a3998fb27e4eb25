// A test peer on raw sockets: UDP slots and one-shot TCP connections, collecting every answer the UA sends.
import { createSocket, type Socket } from 'node:dgram';
import { connect } from 'node:net';
import { frameStreamMessage, parseSipMessage, type SipResponse } from '../../../src/telephony/sip/message/index.ts';

export interface Collected {
  statuses: Map<number, number>;
  unparseable: string[];
}

export function newCollected(): Collected {
  return { statuses: new Map(), unparseable: [] };
}

/** Records one datagram or stream message; returns the response when it parsed. */
// Well-formed means the grammar, not our receive limits: a response copies the request's To, Via and so on, and a tag
// or received= added to an 8 KB line may pass the default 8,192-byte line limit.
const CHECK_LIMITS = { maxLineLength: 1 << 20, maxMessageBytes: 1 << 20, maxBodyBytes: 1 << 20, maxHeaderCount: 1 << 16 };

export function collect(c: Collected, bytes: Uint8Array): SipResponse | undefined {
  const r = parseSipMessage(bytes, { limits: CHECK_LIMITS });
  if (!r.ok || r.message.kind !== 'response') {
    c.unparseable.push(r.ok ? 'a request' : r.reason);
    return undefined;
  }
  c.statuses.set(r.message.status, (c.statuses.get(r.message.status) ?? 0) + 1);
  return r.message;
}

/** §17.1.1.3-shaped ACK for a non-2xx final, built from the response (the INVITE itself may not parse). */
export function ackFor(response: SipResponse, requestUri: string): Buffer {
  const h = response.headers;
  const seq = /^\s*(\d+)/.exec(h.get('CSeq') ?? '')?.[1] ?? '1';
  const lines = [
    `ACK ${requestUri} SIP/2.0`,
    `Via: ${h.get('Via') ?? ''}`,
    'Max-Forwards: 70',
    `From: ${h.get('From') ?? ''}`,
    `To: ${h.get('To') ?? ''}`,
    `Call-ID: ${h.get('Call-ID') ?? ''}`,
    `CSeq: ${seq} ACK`,
    'Content-Length: 0',
    '',
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

export function optionsRequest(uaPort: number, localPort: number, id: string, transport = 'UDP'): Buffer {
  return Buffer.from(
    [
      `OPTIONS sip:ua@127.0.0.1:${uaPort} SIP/2.0`,
      `Via: SIP/2.0/${transport} 127.0.0.1:${localPort};branch=z9hG4bK-${id};rport`,
      'Max-Forwards: 70',
      `From: <sip:probe@127.0.0.1>;tag=${id}`,
      `To: <sip:ua@127.0.0.1:${uaPort}>`,
      `Call-ID: ${id}`,
      'CSeq: 1 OPTIONS',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
    'latin1',
  );
}

export async function udpSocket(onMessage: (b: Buffer, s: Socket) => void): Promise<Socket> {
  const s = createSocket('udp4');
  s.on('message', (b) => onMessage(b, s));
  await new Promise<void>((res) => s.bind(0, '127.0.0.1', res));
  return s;
}

/** Writes `parts` on one TCP connection, reads every framed answer until the UA closes it or `settleMs` of quiet. */
export function tcpExchange(port: number, parts: Buffer[], c: Collected, settleMs: number): Promise<void> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve();
    };
    const quiet = (): void => {
      clearTimeout(timer);
      timer = setTimeout(finish, settleMs);
    };
    sock.on('connect', () => {
      for (const p of parts) sock.write(p);
      quiet();
    });
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const f = frameStreamMessage(buf);
        if (f.kind !== 'message') break;
        collect(c, buf.subarray(f.start, f.end));
        buf = buf.subarray(f.end);
      }
      quiet();
    });
    sock.on('error', finish);
    sock.on('close', finish);
  });
}
