import type { Clock } from '../shared/clock.ts';
import { excerpt, type HttpPoster } from './http-post.ts';
import type { PushAuthConfig } from './webhook-config.ts';

type OAuth2Config = Extract<PushAuthConfig, { kind: 'oauth2' }>;

/** A token is dropped this long before it expires, so none is sent as it runs out. */
const EXPIRY_MARGIN_MS = 30_000;
/** A token answer without expires_in is kept this long. */
const DEFAULT_TOKEN_LIFE_MS = 3_600_000;

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4): one token per configuration, fetched when first
 * needed, kept until shortly before it expires or until the receiver refuses it (401), and asked
 * for once however many deliveries wait on it. TCCC documents the mode but not the exchange; this
 * is the RFC's: a form POST with the client's id and secret as HTTP Basic (§2.3.1), `Bearer` back.
 */
export class OAuth2TokenSource {
  private cached: { token: string; expiresAt: number } | undefined;
  private fetching: Promise<string> | undefined;

  constructor(
    private readonly cfg: OAuth2Config,
    private readonly clock: Clock,
    private readonly http: HttpPoster,
    private readonly timeoutMs: number,
  ) {}

  token(): Promise<string> {
    if (this.cached && this.clock.now() < this.cached.expiresAt) return Promise.resolve(this.cached.token);
    return (this.fetching ??= this.fetchToken().finally(() => (this.fetching = undefined)));
  }

  /** The receiver refused `token`: the next delivery asks for a new one (unless one already replaced it). */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async fetchToken(): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (this.cfg.scope) form.set('scope', this.cfg.scope);
    const answer = await this.http.post({
      url: this.cfg.tokenUrl,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        // §2.3.1: id and secret are form-encoded before they are joined.
        authorization: basic(encodeURIComponent(this.cfg.clientId), encodeURIComponent(this.cfg.clientSecret)),
      },
      body: form.toString(),
      timeoutMs: this.timeoutMs,
    });
    if (answer.status < 200 || answer.status > 299)
      throw new Error(`token endpoint answered HTTP ${answer.status}: ${excerpt(answer.body)}`);
    let parsed: { access_token?: unknown; expires_in?: unknown };
    try {
      parsed = JSON.parse(answer.body) as typeof parsed;
    } catch {
      throw new Error(`token endpoint answered no JSON: ${excerpt(answer.body)}`);
    }
    if (typeof parsed.access_token !== 'string' || parsed.access_token === '') throw new Error('token endpoint answered no access_token');
    const lifeMs = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in * 1000 : DEFAULT_TOKEN_LIFE_MS;
    this.cached = { token: parsed.access_token, expiresAt: this.clock.now() + Math.max(0, lifeMs - EXPIRY_MARGIN_MS) };
    return parsed.access_token;
  }
}

/** The Authorization a data push carries, per its auth mode; `refused` is told of a 401. */
export interface PushAuthorizer {
  header(): Promise<string | undefined>;
  refused(header: string): void;
  /** True when a 401 is worth one more try with a fresh credential. */
  readonly renewable: boolean;
}

export function pushAuthorizer(auth: PushAuthConfig, clock: Clock, http: HttpPoster, timeoutMs: number): PushAuthorizer {
  switch (auth.kind) {
    case 'none':
      return { header: async () => undefined, refused: () => {}, renewable: false };
    case 'basic': {
      const h = basic(auth.username, auth.password);
      return { header: async () => h, refused: () => {}, renewable: false };
    }
    case 'oauth2': {
      const source = new OAuth2TokenSource(auth, clock, http, timeoutMs);
      return {
        header: async () => `Bearer ${await source.token()}`,
        refused: (h) => source.invalidate(h.slice('Bearer '.length)),
        renewable: true,
      };
    }
  }
}
