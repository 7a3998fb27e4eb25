import { timingSafeEqual } from 'node:crypto';
import { quote } from './auth-params.ts';
import { parseCredentials } from './credentials-header.ts';
import { digestResponse, type DigestAlgorithm, type Qop } from './digest-hash.ts';
import { checkNonce, createNonce } from './nonce.ts';

export interface ChallengeOptions {
  realm: string;
  /** Default SHA-256, the algorithm RFC 8760 brings to SIP in place of MD5. */
  algorithm?: DigestAlgorithm;
  nonceSecret: string | Uint8Array;
  /** Milliseconds since the epoch, from the injected clock. */
  now: number;
  /** Default ['auth']. */
  qop?: Qop[];
  /** Set when re-challenging a request whose digest was right but whose nonce expired (RFC 7616 §3.3). */
  stale?: boolean;
  opaque?: string;
}

/** A WWW-Authenticate / Proxy-Authenticate value with a fresh stateless nonce. */
export function createChallenge(o: ChallengeOptions): string {
  const parts = [
    `realm=${quote(o.realm)}`,
    `nonce=${quote(createNonce(o.nonceSecret, o.realm, o.now))}`,
    `algorithm=${o.algorithm ?? 'SHA-256'}`,
    `qop=${quote((o.qop ?? ['auth']).join(','))}`,
  ];
  if (o.opaque !== undefined) parts.push(`opaque=${quote(o.opaque)}`);
  if (o.stale) parts.push('stale=true');
  return `Digest ${parts.join(', ')}`;
}

/**
 * One challenge value per algorithm, most preferred first: RFC 8760 has the server list
 * them in order of preference, so clients that take the topmost pick the strongest.
 */
export function createChallenges(o: Omit<ChallengeOptions, 'algorithm'> & { algorithms: DigestAlgorithm[] }): string[] {
  return o.algorithms.map((algorithm) => createChallenge({ ...o, algorithm }));
}

export interface VerifyOptions {
  method: string;
  /** The Request-URI: the credentials' uri must be the same (RFC 2617 §3.2.2). Omit to skip. */
  uri?: string;
  realm: string;
  nonceSecret: string | Uint8Array;
  /** The password of a user in this realm, or undefined for an unknown user. */
  lookupPassword: (username: string, realm: string) => string | undefined;
  now: number;
  maxNonceAgeMs: number;
  body?: string | Uint8Array;
  /** Algorithms accepted (the nonce does not bind one, so list them to refuse a downgrade to MD5). Default: all. */
  algorithms?: readonly DigestAlgorithm[];
  opaque?: string;
}

export type VerifyResult =
  | { result: 'ok'; username: string; algorithm: DigestAlgorithm }
  /** The digest was right but the nonce expired or is not ours: re-challenge with stale=true. */
  | { result: 'stale'; username: string }
  | { result: 'invalid'; reason: string };

const HEX_RESPONSE = /^[0-9a-f]+$/i;
const NC = /^[0-9a-f]{8}$/i;

/**
 * Checks an Authorization / Proxy-Authorization value against a challenge we issued. The
 * response is compared in constant time, and an unknown user costs the same work as a known one.
 * Stateless nonces cannot see nc replays inside their lifetime: keep maxNonceAgeMs short.
 */
export function verifyAuthorization(headerValue: string, o: VerifyOptions): VerifyResult {
  const parsed = parseCredentials(headerValue);
  if (!parsed.ok) return { result: 'invalid', reason: parsed.reason };
  const c = parsed.credentials;
  if (c.realm !== o.realm) return { result: 'invalid', reason: `realm ${c.realm} is not ${o.realm}` };
  if (o.algorithms && !o.algorithms.includes(c.algorithm)) return { result: 'invalid', reason: `algorithm ${c.algorithm} not accepted` };
  if (o.uri !== undefined && c.uri !== o.uri) return { result: 'invalid', reason: 'uri does not match the Request-URI' };
  if (o.opaque !== undefined && c.opaque !== o.opaque) return { result: 'invalid', reason: 'opaque does not match' };
  // Our challenges always offer qop, so a client MUST answer with one (RFC 7616 §3.4).
  if (c.qop === undefined) return { result: 'invalid', reason: 'no qop in credentials' };
  if (c.nc === undefined || !NC.test(c.nc)) return { result: 'invalid', reason: 'nc is not 8 hex digits' };
  if (!c.cnonce) return { result: 'invalid', reason: 'no cnonce' };
  if (!HEX_RESPONSE.test(c.response)) return { result: 'invalid', reason: 'response is not hex' };
  const nonce = checkNonce(c.nonce, o.nonceSecret, o.realm, o.now, o.maxNonceAgeMs);
  const password = o.lookupPassword(c.username, c.realm);
  const expected = digestResponse({
    algorithm: c.algorithm,
    username: c.username,
    realm: c.realm,
    password: password ?? '',
    nonce: c.nonce,
    method: o.method,
    uri: c.uri,
    qop: c.qop,
    nc: c.nc,
    cnonce: c.cnonce,
    ...(o.body !== undefined ? { body: o.body } : {}),
  });
  const matches = sameHex(expected, c.response);
  if (password === undefined || !matches)
    return { result: 'invalid', reason: nonce.state === 'forged' ? 'nonce was not issued by us' : 'wrong credentials' };
  // RFC 7616 §3.3: stale when the nonce is invalid but the digest is right for it: an old
  // nonce, or one minted under a secret since rotated. The client retries without the user.
  if (nonce.state !== 'fresh') return { result: 'stale', username: c.username };
  return { result: 'ok', username: c.username, algorithm: c.algorithm };
}

function sameHex(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'latin1');
  const b = Buffer.from(given.toLowerCase(), 'latin1');
  // Equal lengths for timingSafeEqual; the length of our own digest is no secret.
  return a.length === b.length ? timingSafeEqual(a, b) : timingSafeEqual(a, a) && false;
}
