// Who may talk to the UA as a server: trusted trunk addresses pass, anyone else must pass digest (RFC 3261 §22.1, §22.4).
import { BlockList, isIP } from 'node:net';
import { createChallenges, verifyAuthorization } from '../auth/digest-server.ts';
import type { DigestAlgorithm } from '../auth/digest-hash.ts';
import { createResponse, cryptoRandom, newTag, type RandomSource, type SipRequest, type SipResponse } from '../message/index.ts';

export interface PeerDigestConfig {
  realm: string;
  nonceSecret: string;
  /** username -> password. */
  users: Readonly<Record<string, string>>;
  /** Default 60 s: stateless nonces cannot see nc replays inside their lifetime, so keep it short. */
  maxNonceAgeMs?: number;
  /** Offered most preferred first and the only ones accepted (RFC 8760 §2.4). Default SHA-256 then MD5. */
  algorithms?: readonly DigestAlgorithm[];
}

export interface PeerPolicyConfig {
  /** IP addresses or CIDR blocks, IPv4 and IPv6: 127.0.0.1, 10.0.0.0/8, ::1, 2001:db8::/32. */
  trusted: readonly string[];
  digest?: PeerDigestConfig;
  random?: RandomSource;
}

export type PeerVerdict =
  { verdict: 'allow' } | { verdict: 'challenge'; response: SipResponse } | { verdict: 'forbid'; response: SipResponse };

const ALLOW: PeerVerdict = { verdict: 'allow' };
const DEFAULT_MAX_NONCE_AGE_MS = 60_000;

/** A set of addresses and CIDR blocks; IPv4-mapped IPv6 sources (::ffff:a.b.c.d) match their IPv4 entries. */
export class TrustedAddresses {
  private readonly list = new BlockList();

  /** Throws on a malformed entry, naming it: a typo in trunk config must stop start-up, not silently trust nobody. */
  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const entry = raw.trim();
      const slash = entry.indexOf('/');
      const address = slash < 0 ? entry : entry.slice(0, slash);
      const family = isIP(address);
      if (family === 0) throw new Error(`peer policy: trusted entry "${raw}" is not an IP address or CIDR block`);
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (slash < 0) {
        this.list.addAddress(address, type);
        continue;
      }
      const prefixText = entry.slice(slash + 1);
      const max = family === 4 ? 32 : 128;
      const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
      if (!(prefix >= 0 && prefix <= max)) throw new Error(`peer policy: trusted entry "${raw}" has a prefix length outside 0..${max}`);
      this.list.addSubnet(address, prefix, type);
    }
  }

  has(address: string): boolean {
    // A scoped IPv6 literal (fe80::1%eth0) matches by its address.
    const bare = address.includes('%') ? address.slice(0, address.indexOf('%')) : address;
    const family = isIP(bare);
    return family !== 0 && this.list.check(bare, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/**
 * Pure admission decision for a new inbound request; time and randomness come in. Stateless: a
 * request without credentials is challenged, one whose credentials are wrong is refused, so a
 * client gets exactly one challenge per attempt and a repeated wrong answer gets 403.
 */
export class PeerPolicy {
  readonly trusted: TrustedAddresses;
  private readonly digest: PeerDigestConfig | undefined;
  private readonly users: Map<string, string>;
  private readonly random: RandomSource;

  constructor(config: PeerPolicyConfig) {
    this.trusted = new TrustedAddresses(config.trusted);
    this.digest = config.digest;
    this.users = new Map(Object.entries(config.digest?.users ?? {}));
    this.random = config.random ?? cryptoRandom;
    if (config.digest && config.digest.nonceSecret.length === 0) throw new Error('peer policy: digest.nonceSecret is empty');
  }

  /** True when `host` (a source address) is a configured trunk address. */
  trusts(host: string): boolean {
    return this.trusted.has(host);
  }

  decide(request: SipRequest, source: { host: string }, now: number, toTag: string = newTag(this.random)): PeerVerdict {
    if (this.trusted.has(source.host)) return ALLOW;
    // §22.1: ACK and CANCEL cannot be challenged; ACK gets no answer, and the core answers a CANCEL 481 unless its INVITE got in.
    if (request.method === 'ACK' || request.method === 'CANCEL') return ALLOW;
    const d = this.digest;
    if (d === undefined) return this.forbid(request, toTag);
    const auth = request.headers.get('Authorization');
    if (auth === undefined) return this.challenge(request, d, now, toTag, false);
    const result = verifyAuthorization(auth, {
      method: request.method,
      uri: request.uri,
      realm: d.realm,
      nonceSecret: d.nonceSecret,
      lookupPassword: (user) => this.users.get(user),
      now,
      maxNonceAgeMs: d.maxNonceAgeMs ?? DEFAULT_MAX_NONCE_AGE_MS,
      body: request.body,
      algorithms: this.algorithms(d),
    });
    if (result.result === 'ok') return ALLOW;
    if (result.result === 'stale') return this.challenge(request, d, now, toTag, true);
    return this.forbid(request, toTag);
  }

  private algorithms(d: PeerDigestConfig): readonly DigestAlgorithm[] {
    return d.algorithms ?? ['SHA-256', 'MD5'];
  }

  private challenge(request: SipRequest, d: PeerDigestConfig, now: number, toTag: string, stale: boolean): PeerVerdict {
    const values = createChallenges({ realm: d.realm, nonceSecret: d.nonceSecret, now, stale, algorithms: [...this.algorithms(d)] });
    const headers = values.map((v): [string, string] => ['WWW-Authenticate', v]);
    return { verdict: 'challenge', response: createResponse(request, 401, undefined, { toTag, headers }) };
  }

  private forbid(request: SipRequest, toTag: string): PeerVerdict {
    return { verdict: 'forbid', response: createResponse(request, 403, undefined, { toTag }) };
  }
}
