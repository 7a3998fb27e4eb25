import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';

/** Binds one UDP socket (IPv4 or IPv6 after the address), resolving once bound or rejecting with the bind error. */
export function bindUdp(address: string, port: number): Promise<Socket> {
  const socket = createSocket({ type: isIPv6(address) ? 'udp6' : 'udp4', ipv6Only: isIPv6(address) });
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => {
      closeUdp(socket);
      reject(e);
    };
    socket.once('error', onError);
    socket.bind({ port, address, exclusive: true }, () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/** Closes a socket, ignoring "not running" (already closed). */
export function closeUdp(socket: Socket | undefined): void {
  if (!socket) return;
  try {
    socket.close();
  } catch {
    // already closed
  }
}
