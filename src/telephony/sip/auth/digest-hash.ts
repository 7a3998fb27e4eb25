import { createHash } from 'node:crypto';

/** The digest algorithms of RFC 7616 that SIP uses (RFC 8760 adds SHA-256 and SHA-512/256 to SIP). */
export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess' | 'SHA-512-256' | 'SHA-512-256-sess';

export type Qop = 'auth' | 'auth-int';

interface AlgorithmInfo {
  hash: string;
  sess: boolean;
  /** Higher is stronger: what a client prefers when offered several (RFC 8760). */
  strength: number;
}

const ALGORITHMS: Record<DigestAlgorithm, AlgorithmInfo> = {
  MD5: { hash: 'md5', sess: false, strength: 1 },
  'MD5-sess': { hash: 'md5', sess: true, strength: 1 },
  'SHA-256': { hash: 'sha256', sess: false, strength: 2 },
  'SHA-256-sess': { hash: 'sha256', sess: true, strength: 2 },
  'SHA-512-256': { hash: 'sha512-256', sess: false, strength: 3 },
  'SHA-512-256-sess': { hash: 'sha512-256', sess: true, strength: 3 },
};

const BY_LOWER = new Map(Object.keys(ALGORITHMS).map((a) => [a.toLowerCase(), a as DigestAlgorithm]));

/** The algorithm a token names (case-insensitive); an absent one means MD5 (RFC 2617 §3.2.1). */
export function parseAlgorithm(token: string | undefined): DigestAlgorithm | undefined {
  return token === undefined ? 'MD5' : BY_LOWER.get(token.toLowerCase());
}

export function algorithmStrength(algorithm: DigestAlgorithm): number {
  return ALGORITHMS[algorithm].strength;
}

/** H(data) as lower-case hex (RFC 7616 §3.4.1). */
export function digestHex(algorithm: DigestAlgorithm, data: string | Uint8Array): string {
  return createHash(ALGORITHMS[algorithm].hash).update(data).digest('hex');
}

export interface DigestInputs {
  algorithm: DigestAlgorithm;
  username: string;
  realm: string;
  password: string;
  nonce: string;
  method: string;
  uri: string;
  /** Absent: the RFC 2069 compatibility form that RFC 3261 §22.4 still requires clients to support. */
  qop?: Qop;
  cnonce?: string;
  /** The nonce count, as 8 hex digits. */
  nc?: string;
  /** The message body, for qop=auth-int. */
  body?: string | Uint8Array;
}

/** A1 hashed, with the -sess variant's nonce and cnonce folded in (RFC 7616 §3.4.2). */
export function ha1(i: DigestInputs): string {
  const base = digestHex(i.algorithm, `${i.username}:${i.realm}:${i.password}`);
  return ALGORITHMS[i.algorithm].sess ? digestHex(i.algorithm, `${base}:${i.nonce}:${i.cnonce ?? ''}`) : base;
}

/** A2 hashed; auth-int adds H(entity-body) (RFC 7616 §3.4.3). */
export function ha2(i: DigestInputs): string {
  if (i.qop === 'auth-int') return digestHex(i.algorithm, `${i.method}:${i.uri}:${digestHex(i.algorithm, i.body ?? '')}`);
  return digestHex(i.algorithm, `${i.method}:${i.uri}`);
}

/** The request-digest (RFC 7616 §3.4.1; RFC 2617 §3.2.2.1 without qop). */
export function digestResponse(i: DigestInputs): string {
  const a1 = ha1(i);
  const a2 = ha2(i);
  if (i.qop === undefined) return digestHex(i.algorithm, `${a1}:${i.nonce}:${a2}`);
  return digestHex(i.algorithm, `${a1}:${i.nonce}:${i.nc ?? ''}:${i.cnonce ?? ''}:${i.qop}:${a2}`);
}

/** nc as the 8 lower-case hex digits the header carries (RFC 7616 §3.4). */
export function formatNonceCount(count: number): string {
  return (count >>> 0).toString(16).padStart(8, '0');
}
