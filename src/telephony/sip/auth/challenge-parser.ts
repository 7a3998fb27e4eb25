import { parseAuthItems, type AuthItem } from './auth-params.ts';
import { parseAlgorithm, type DigestAlgorithm, type Qop } from './digest-hash.ts';

/** One Digest challenge (RFC 7616 §3.3, RFC 3261 §22.4). */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  /** The previous request's digest was right but its nonce had expired: retry without asking the user (RFC 7616 §3.3). */
  stale: boolean;
  algorithm: DigestAlgorithm;
  /** Offered qop values we support; empty means the RFC 2069 form without qop. */
  qop: Qop[];
  /** The protection space (URIs), when the server gave one. */
  domain: string[];
}

export type ChallengeResult = { ok: true; challenge: DigestChallenge } | { ok: false; reason: string };

/** Every challenge in one header value: non-Digest schemes are reported as failures, not dropped silently. */
export function parseDigestChallenges(value: string): ChallengeResult[] {
  return parseAuthItems(value).map(toChallenge);
}

/** The first challenge of a header value (SIP sends one per header field, RFC 3261 §20.44). */
export function parseDigestChallenge(value: string): ChallengeResult {
  return parseDigestChallenges(value)[0] ?? { ok: false, reason: 'no challenge in header value' };
}

function toChallenge(item: AuthItem): ChallengeResult {
  if (item.scheme.toLowerCase() !== 'digest') return { ok: false, reason: `scheme ${item.scheme} is not Digest` };
  const p = item.params;
  const realm = p.get('realm');
  const nonce = p.get('nonce');
  if (realm === undefined) return { ok: false, reason: 'challenge has no realm' };
  if (nonce === undefined || nonce === '') return { ok: false, reason: 'challenge has no nonce' };
  const algorithm = parseAlgorithm(p.get('algorithm'));
  if (!algorithm) return { ok: false, reason: `unsupported algorithm ${p.get('algorithm')}` };
  const offered = p.get('qop');
  const qop: Qop[] = [];
  for (const q of (offered ?? '').split(',')) {
    const v = q.trim().toLowerCase();
    if ((v === 'auth' || v === 'auth-int') && !qop.includes(v)) qop.push(v);
  }
  // RFC 7616 §3.3: a qop we cannot speak (auth-conf alone) cannot be answered.
  if (offered !== undefined && qop.length === 0) return { ok: false, reason: `unsupported qop ${offered}` };
  const challenge: DigestChallenge = {
    realm,
    nonce,
    stale: (p.get('stale') ?? '').toLowerCase() === 'true',
    algorithm,
    qop,
    domain: (p.get('domain') ?? '').split(/\s+/).filter((d) => d !== ''),
  };
  const opaque = p.get('opaque');
  if (opaque !== undefined) challenge.opaque = opaque;
  return { ok: true, challenge };
}
