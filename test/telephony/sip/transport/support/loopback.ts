import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import type { TransportLayer } from '../../../../../src/telephony/sip/transport/transport-layer.ts';
import type { TransportLayerEvents } from '../../../../../src/telephony/sip/transport/transport-events.ts';

/** Whether ::1 can be bound here (containers often lack IPv6). */
export async function ipv6Available(): Promise<boolean> {
  const s = createSocket('udp6');
  return new Promise((resolve) => {
    s.once('error', () => {
      s.close();
      resolve(false);
    });
    s.bind(0, '::1', () => s.close(() => resolve(true)));
  });
}

/** Resolves with the next event of that name. */
export function next<K extends keyof TransportLayerEvents>(layer: TransportLayer, event: K): Promise<TransportLayerEvents[K]> {
  return new Promise((resolve) => layer.once(event, (...args) => resolve(args)));
}

export function sipMessage(firstLine: string, body = ''): Buffer {
  return Buffer.from(
    `${firstLine}\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKx\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** A raw TCP peer that records what it receives and when it is closed. */
export interface RawPeer {
  socket: Socket;
  received(): string;
  /** Resolves once at least `n` bytes have arrived. */
  waitFor(n: number): Promise<string>;
  closed: Promise<void>;
}

export function rawTcpPeer(host: string, port: number): Promise<RawPeer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let data = '';
    const waiters: (() => void)[] = [];
    socket.on('data', (b) => {
      data += b.toString('latin1');
      for (const w of waiters.splice(0)) w();
    });
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.on('error', () => {});
    socket.once('connect', () =>
      resolve({
        socket,
        received: () => data,
        waitFor: (n) =>
          new Promise((r) => {
            const check = () => (data.length >= n ? r(data) : waiters.push(check));
            check();
          }),
        closed,
      }),
    );
    socket.once('error', reject);
  });
}

/** Socket and server handles node holds open, for before/after comparisons. */
export function openHandles(): string[] {
  return process
    .getActiveResourcesInfo()
    .filter((r) => /TCP|UDP/i.test(r))
    .sort();
}

/**
 * The handles once libuv has run the close callbacks of sockets already closed (that takes a
 * turn or two of the event loop after close() resolves). Gives up after 100 turns and returns
 * what is still open, so a leak fails the test's assertion rather than hanging it.
 */
export async function settledHandles(expected: string[]): Promise<string[]> {
  let now = openHandles();
  for (let turn = 0; turn < 100 && now.join() !== expected.join(); turn++) {
    await new Promise((r) => setTimeout(r, 5));
    now = openHandles();
  }
  return now;
}
