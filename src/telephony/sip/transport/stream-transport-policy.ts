/** The size rule that forces a request off UDP (RFC 3261 §18.1.1). */
export const UNKNOWN_MTU_LIMIT = 1300;
export const MTU_MARGIN = 200;

/**
 * True when a request of this size MUST go over a congestion-controlled transport such as TCP:
 * over 1300 bytes when the path MTU is unknown, or within 200 bytes of a known MTU (§18.1.1).
 * Responses never switch transport; this is only for requests the UAC or proxy sends.
 */
export function mustUseStreamTransport(message: number | Uint8Array, mtu?: number): boolean {
  const size = typeof message === 'number' ? message : message.byteLength;
  if (mtu === undefined || !Number.isFinite(mtu) || mtu <= 0) return size > UNKNOWN_MTU_LIMIT;
  // "Within 200 bytes" read as size > MTU - 200, so an MTU of 1500 agrees with the 1300 rule.
  return size > mtu - MTU_MARGIN;
}
