import { createHash } from 'node:crypto';
import type { OutboxEntry } from '../domain/outbox.ts';
import type { Clock } from '../shared/clock.ts';
import type { DataPushEndpoint, Endpoint, WebhookEndpoint } from './endpoints.ts';
import { excerpt, HttpPoster, PostFailed, type HttpAnswer } from './http-post.ts';
import { pushAuthorizer, type PushAuthorizer } from './push-auth.ts';
import { SIGNATURE_HEADER, signatureHeader } from './signature.ts';

/** How one attempt went: delivered, or why not. */
export type SendResult = { ok: true } | { ok: false; error: string };

/** Makes one attempt at one outbox message; the dispatcher decides what happens next. */
export interface Sender {
  send(entry: OutboxEntry, endpoint: Endpoint): Promise<SendResult>;
}

/** The push's id: derived from the message, so every retry (and a re-appended message) carries the same UUID. */
export function pushUuid(messageId: string): string {
  const h = createHash('sha256').update(messageId).digest('hex');
  // UUID layout, version 8 (custom) and the RFC 9562 variant: receivers that parse UUIDs accept it.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** TCCC adds `action` and `version` to the configured URL, after its own query if it has one. */
export function pushUrl(url: string, action: 'cdr' | 'record'): string {
  return `${url}${url.includes('?') ? '&' : '?'}action=${action}&version=1`;
}

const ok2xx = (a: HttpAnswer): boolean => a.status >= 200 && a.status <= 299;

/** TCCC's receipt: `{"ErrCode":0,"ErrMsg":""}`; anything else is a failure to retry. */
function receiptError(a: HttpAnswer): string | undefined {
  if (!ok2xx(a)) return `HTTP ${a.status}: ${excerpt(a.body)}`;
  let parsed: { ErrCode?: unknown; ErrMsg?: unknown };
  try {
    parsed = JSON.parse(a.body) as typeof parsed;
  } catch {
    return `HTTP ${a.status} without a JSON receipt: ${excerpt(a.body)}`;
  }
  if (parsed?.ErrCode === 0) return undefined;
  return `ErrCode ${JSON.stringify(parsed?.ErrCode)}: ${excerpt(String(parsed?.ErrMsg ?? ''))}`;
}

/**
 * Sends webhooks (signed, success = 2xx) and TCCC data pushes (`?action=…&version=1`,
 * X-TCCC-PUSH-UUID, the app's auth, success = 2xx with ErrCode 0), over fetch.
 */
export class WebhookSender implements Sender {
  private readonly authorizers = new Map<string, PushAuthorizer>();
  private readonly http: HttpPoster;

  constructor(private readonly clock: Clock) {
    this.http = new HttpPoster(clock);
  }

  /** Drops the idle connections; after the dispatcher using it has closed. Idempotent. */
  close(): void {
    this.http.close();
  }

  async send(entry: OutboxEntry, endpoint: Endpoint): Promise<SendResult> {
    try {
      const error = endpoint.kind === 'webhook' ? await this.sendWebhook(entry, endpoint) : await this.sendPush(entry, endpoint);
      return error === undefined ? { ok: true } : { ok: false, error };
    } catch (err) {
      return { ok: false, error: err instanceof PostFailed ? err.message : `${err instanceof Error ? err.message : String(err)}` };
    }
  }

  private async sendWebhook(entry: OutboxEntry, ep: WebhookEndpoint): Promise<string | undefined> {
    const t = Math.floor(this.clock.now() / 1000);
    const answer = await this.http.post({
      url: ep.url,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signatureHeader(ep.secret, t, entry.payload),
        'x-openccc-event-id': entry.eventId,
        'x-openccc-delivery-attempt': String(entry.attempts + 1),
      },
      body: entry.payload,
      timeoutMs: ep.limits.timeoutMs,
    });
    return ok2xx(answer) ? undefined : `HTTP ${answer.status}: ${excerpt(answer.body)}`;
  }

  private async sendPush(entry: OutboxEntry, ep: DataPushEndpoint): Promise<string | undefined> {
    if (entry.kind === 'webhook') return `a webhook message is queued for data push endpoint ${ep.id}`;
    const auth = this.authorizerOf(ep);
    const attempt = async (): Promise<{ answer: HttpAnswer; authorization: string | undefined }> => {
      const authorization = await auth.header();
      const headers: Record<string, string> = { 'content-type': 'application/json;charset=utf8', 'x-tccc-push-uuid': pushUuid(entry.id) };
      if (authorization) headers.authorization = authorization;
      const url = pushUrl(ep.url, entry.kind as 'cdr' | 'record');
      const answer = await this.http.post({ url, headers, body: entry.payload, timeoutMs: ep.limits.timeoutMs });
      return { answer, authorization };
    };
    const first = await attempt();
    // A refused token may just have expired early: one more try with a fresh one, in the same attempt.
    if (first.answer.status === 401 && first.authorization && auth.renewable) {
      auth.refused(first.authorization);
      return receiptError((await attempt()).answer);
    }
    return receiptError(first.answer);
  }

  /** One per endpoint and auth config: an OAuth2 token is shared by all deliveries to it. */
  private authorizerOf(ep: DataPushEndpoint): PushAuthorizer {
    const key = `${ep.id}\u0000${JSON.stringify(ep.auth)}`;
    let a = this.authorizers.get(key);
    if (!a) this.authorizers.set(key, (a = pushAuthorizer(ep.auth, this.clock, this.http, ep.limits.timeoutMs)));
    return a;
  }
}
