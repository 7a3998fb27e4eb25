import { isIP, isIPv4 } from 'node:net';
import type { AddressFamily, Endpoint } from './transport-events.ts';

const MAPPED_PREFIX = '::ffff:';

/** Strips brackets and folds an IPv4-mapped IPv6 address (a dual-stack socket's view of IPv4) to plain IPv4. */
export function normalizeAddress(address: string): string {
  let a = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (a.length > MAPPED_PREFIX.length && a.slice(0, MAPPED_PREFIX.length).toLowerCase() === MAPPED_PREFIX) {
    const tail = a.slice(MAPPED_PREFIX.length);
    if (isIPv4(tail)) a = tail;
  }
  return a;
}

export function familyOf(address: string): AddressFamily {
  return isIP(address) === 6 ? 'IPv6' : 'IPv4';
}

export function endpointOf(address: string | undefined, port: number | undefined): Endpoint {
  const a = normalizeAddress(address ?? '');
  return { address: a, port: port ?? 0, family: familyOf(a) };
}

/** The 16-bit groups of an IPv6 literal, or undefined when it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (isIPv4(tail)) {
    const [a, b, c, d] = tail.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const fill = rest === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16));
}

/** True when two literals name the same IP address (IPv6 compression, case and IPv4-mapping ignored). */
export function sameAddress(a: string, b: string): boolean {
  const x = normalizeAddress(a);
  const y = normalizeAddress(b);
  if (x === y) return true;
  const gx = ipv6Groups(x);
  const gy = ipv6Groups(y);
  return gx !== undefined && gy !== undefined && gx.every((g, i) => g === gy[i]);
}
