import type { DigestChallenge } from './challenge-parser.ts';
import { formatCredentials } from './credentials-header.ts';
import { algorithmStrength, digestResponse, formatNonceCount, type Qop } from './digest-hash.ts';

export interface Credentials {
  username: string;
  password: string;
}

export interface DigestRequest {
  method: string;
  /** The Request-URI, exactly as sent (RFC 3261 §22.4). */
  uri: string;
  /** The body, for qop=auth-int. */
  body?: string | Uint8Array;
}

export interface AnswerOptions {
  cnonce: string;
  /** How many times this nonce has been used, this one included (1 the first time). */
  nonceCount: number;
  /** Prefer auth-int when the server offers both (it also protects the body). */
  preferAuthInt?: boolean;
}

/** Which qop to answer with: auth unless told otherwise or only auth-int is offered (RFC 7616 §3.4). */
export function chooseQop(offered: readonly Qop[], preferAuthInt = false): Qop | undefined {
  if (offered.length === 0) return undefined;
  if (offered.includes('auth-int') && (preferAuthInt || !offered.includes('auth'))) return 'auth-int';
  return 'auth';
}

/** The Authorization / Proxy-Authorization value answering one challenge. Pure: cnonce and nc come in. */
export function answerChallenge(challenge: DigestChallenge, credentials: Credentials, request: DigestRequest, opts: AnswerOptions): string {
  const qop = chooseQop(challenge.qop, opts.preferAuthInt);
  const nc = qop ? formatNonceCount(opts.nonceCount) : undefined;
  const cnonce = qop || challenge.algorithm.endsWith('-sess') ? opts.cnonce : undefined;
  const response = digestResponse({
    algorithm: challenge.algorithm,
    username: credentials.username,
    realm: challenge.realm,
    password: credentials.password,
    nonce: challenge.nonce,
    method: request.method,
    uri: request.uri,
    qop,
    nc,
    cnonce,
    body: request.body,
  });
  return formatCredentials({
    username: credentials.username,
    realm: challenge.realm,
    nonce: challenge.nonce,
    uri: request.uri,
    response,
    algorithm: challenge.algorithm,
    cnonce,
    opaque: challenge.opaque,
    qop,
    nc,
  });
}

/**
 * The strongest challenge per realm (SHA-512-256 > SHA-256 > MD5), ties going to the one listed
 * first. RFC 8760 has a UAC take the topmost challenge it supports unless local policy says
 * otherwise; ours is "strongest", so a server listing MD5 first still gets SHA-256.
 */
export function strongestPerRealm(challenges: readonly DigestChallenge[]): DigestChallenge[] {
  const best = new Map<string, DigestChallenge>();
  for (const c of challenges) {
    const held = best.get(c.realm);
    if (!held || algorithmStrength(c.algorithm) > algorithmStrength(held.algorithm)) best.set(c.realm, c);
  }
  return [...best.values()];
}
