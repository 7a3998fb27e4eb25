import { parseDigestChallenges, type DigestChallenge } from './challenge-parser.ts';
import { answerChallenge, strongestPerRealm, type Credentials, type DigestRequest } from './digest-answer.ts';

export type ChallengeKind = 'www' | 'proxy';

export interface AuthorizationHeader {
  name: 'Authorization' | 'Proxy-Authorization';
  value: string;
}

export type ChallengeOutcome =
  | { action: 'retry'; realms: string[] }
  | { action: 'fail'; reason: 'no-usable-challenge' | 'no-credentials' | 'credentials-rejected'; detail: string };

export interface DigestClientOptions {
  /** One identity for every realm, or a lookup by realm (undefined: we have none for it). */
  credentials: Credentials | ((realm: string) => Credentials | undefined);
  /** A fresh client nonce for each answer; tests inject a fixed one. */
  cnonce: () => string;
  preferAuthInt?: boolean;
}

interface RealmState {
  kind: ChallengeKind;
  challenge: DigestChallenge;
  credentials: Credentials;
  /** Times the current nonce was used (RFC 7616 §3.4: nc counts requests per nonce). */
  nonceCount: number;
  /** Credentials were sent for this nonce since it arrived. */
  answered: boolean;
}

/**
 * A UAC's digest state: the nonce and nonce-count per realm, so a retried request answers the
 * challenge and later requests pre-authenticate (RFC 3261 §22.3) with nc counting up.
 */
export class DigestClient {
  private readonly realms = new Map<string, RealmState>();

  constructor(private readonly options: DigestClientOptions) {}

  /**
   * Takes the WWW-Authenticate (401) or Proxy-Authenticate (407) values of a response. A
   * non-stale challenge for a realm we already answered means the credentials were refused:
   * fail rather than loop. stale=true keeps the credentials and takes the new nonce.
   */
  challenged(kind: ChallengeKind, headerValues: readonly string[]): ChallengeOutcome {
    const parsed = headerValues.flatMap((v) => parseDigestChallenges(v)).flatMap((r) => (r.ok ? [r.challenge] : []));
    const chosen = strongestPerRealm(parsed);
    if (chosen.length === 0) return { action: 'fail', reason: 'no-usable-challenge', detail: 'no Digest challenge we support' };
    const realms: string[] = [];
    for (const challenge of chosen) {
      const held = this.realms.get(challenge.realm);
      if (held && held.answered && !challenge.stale) {
        this.realms.delete(challenge.realm);
        return { action: 'fail', reason: 'credentials-rejected', detail: `realm ${challenge.realm} refused our credentials` };
      }
      const credentials = held?.credentials ?? this.lookup(challenge.realm);
      if (!credentials) continue;
      this.realms.set(challenge.realm, { kind, challenge, credentials, nonceCount: 0, answered: false });
      realms.push(challenge.realm);
    }
    if (realms.length === 0)
      return { action: 'fail', reason: 'no-credentials', detail: `no credentials for ${chosen.map((c) => c.realm).join(', ')}` };
    return { action: 'retry', realms };
  }

  /** The headers for a request: one per realm we hold a nonce for; each use counts the nonce up. */
  authorize(request: DigestRequest): AuthorizationHeader[] {
    const out: AuthorizationHeader[] = [];
    for (const state of this.realms.values()) {
      state.nonceCount += 1;
      state.answered = true;
      const value = answerChallenge(state.challenge, state.credentials, request, {
        cnonce: this.options.cnonce(),
        nonceCount: state.nonceCount,
        preferAuthInt: this.options.preferAuthInt,
      });
      out.push({ name: state.kind === 'www' ? 'Authorization' : 'Proxy-Authorization', value });
    }
    return out;
  }

  /** Realms we can pre-authenticate for. */
  get knownRealms(): string[] {
    return [...this.realms.keys()];
  }

  forget(realm?: string): void {
    if (realm === undefined) this.realms.clear();
    else this.realms.delete(realm);
  }

  private lookup(realm: string): Credentials | undefined {
    const c = this.options.credentials;
    return typeof c === 'function' ? c(realm) : c;
  }
}
