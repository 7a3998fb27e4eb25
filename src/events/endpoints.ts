import { createHash } from 'node:crypto';
import type { DataPushConfig, PushAuthConfig, WebhookConfig } from './webhook-config.ts';
import type { SessionEventType } from './session-event.ts';

/** How hard the outbox tries one endpoint. */
export interface DeliveryLimits {
  maxAttempts: number;
  timeoutMs: number;
  maxAgeMs: number;
  concurrency: number;
}

interface EndpointBase {
  /** What its outbox rows are stored under: stable while the endpoint's URL (webhook) or app (data push) is. */
  id: string;
  sdkAppId: number;
  url: string;
  limits: DeliveryLimits;
}

export interface WebhookEndpoint extends EndpointBase {
  kind: 'webhook';
  secret: string;
  /** undefined: every event. */
  events: ReadonlySet<SessionEventType> | undefined;
}

export interface DataPushEndpoint extends EndpointBase {
  kind: 'dataPush';
  auth: PushAuthConfig;
  cdr: boolean;
  record: boolean;
}

export type Endpoint = WebhookEndpoint | DataPushEndpoint;

/** What an app's config says about where its events go. */
export interface AppDeliveryConfig {
  sdkAppId: number;
  webhooks: readonly WebhookConfig[];
  dataPush?: DataPushConfig;
}

const limitsOf = (c: WebhookConfig | DataPushConfig): DeliveryLimits => ({
  maxAttempts: c.maxAttempts,
  timeoutMs: c.timeoutMs,
  maxAgeMs: Math.round(c.maxAgeHours * 3_600_000),
  concurrency: c.concurrency,
});

/**
 * The endpoints of one app. A webhook's id hashes its URL (a URL may carry a token, and ids are
 * shown by the CLI), so reordering the list keeps every owed delivery on its endpoint; the data
 * push has one URL per app, as in TCCC, so changing it redirects what is still owed.
 */
export function endpointsOf(app: AppDeliveryConfig): Endpoint[] {
  const webhooks = app.webhooks.map((w): WebhookEndpoint => ({
    kind: 'webhook',
    id: `${app.sdkAppId}/webhook/${createHash('sha256').update(w.url).digest('hex').slice(0, 12)}`,
    sdkAppId: app.sdkAppId,
    url: w.url,
    limits: limitsOf(w),
    secret: w.secret,
    events: w.events.includes('*') ? undefined : new Set(w.events.filter((e): e is SessionEventType => e !== '*')),
  }));
  const p = app.dataPush;
  if (!p) return webhooks;
  return [
    ...webhooks,
    {
      kind: 'dataPush',
      id: `${app.sdkAppId}/dataPush`,
      sdkAppId: app.sdkAppId,
      url: p.url,
      limits: limitsOf(p),
      auth: p.auth,
      cdr: p.cdr,
      record: p.record,
    },
  ];
}
