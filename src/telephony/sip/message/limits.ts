/** Parser limits. Every violation is a typed failure (`kind: 'too-large'`), never a throw. */
export interface SipLimits {
  /** Whole message (start line, headers and body). 65,535 = the largest UDP datagram. */
  maxMessageBytes: number;
  /** Header rows as received (before comma lists are split). */
  maxHeaderCount: number;
  /** Any one physical line of the start line or headers. */
  maxLineLength: number;
  /** The body as framed by Content-Length. */
  maxBodyBytes: number;
}

export const DEFAULT_LIMITS: Readonly<SipLimits> = Object.freeze({
  maxMessageBytes: 65_535,
  maxHeaderCount: 256,
  maxLineLength: 8_192,
  maxBodyBytes: 65_535,
});
