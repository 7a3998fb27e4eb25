import { z } from 'zod';
import { SESSION_EVENT_TYPES } from './session-event.ts';

/** Where each app's events and TCCC data pushes go (`apps[].webhooks`, `apps[].dataPush`; docs/config.md). */

const httpUrl = z.string().regex(/^https?:\/\/[^\s#]+$/, 'expected an absolute http(s) URL, e.g. https://crm.example.com/openccc');

/** Retry and pacing limits every endpoint has; the defaults go far beyond TCCC's 3 retries. */
export const DELIVERY_DEFAULTS = { maxAttempts: 300, timeoutMs: 10_000, maxAgeHours: 24, concurrency: 8 } as const;

const deliveryLimits = {
  /** Attempts before a message is dead-lettered. */
  maxAttempts: z.number().int().min(1).max(10_000).default(DELIVERY_DEFAULTS.maxAttempts),
  /** One attempt's limit, from sending to the whole answer. */
  timeoutMs: z.number().int().min(100).max(120_000).default(DELIVERY_DEFAULTS.timeoutMs),
  /** A message owed longer than this is dead-lettered at its next failure. */
  maxAgeHours: z
    .number()
    .min(0.001)
    .max(24 * 30)
    .default(DELIVERY_DEFAULTS.maxAgeHours),
  /** Attempts in flight at once to this endpoint, per server. */
  concurrency: z.number().int().min(1).max(256).default(DELIVERY_DEFAULTS.concurrency),
};

export const webhookConfigSchema = z.strictObject({
  url: httpUrl,
  /** The HMAC-SHA256 key of the X-Openccc-Signature header. */
  secret: z.string().min(16, 'a webhook secret has at least 16 characters'),
  /** Which events to send; `*` is every one. */
  events: z
    .array(z.enum(['*', ...SESSION_EVENT_TYPES]))
    .min(1)
    .default(['*']),
  ...deliveryLimits,
});

const pushAuthSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('basic'), username: z.string(), password: z.string() }),
  z.strictObject({
    kind: z.literal('oauth2'),
    /** OAuth 2.0 client credentials grant (RFC 6749 §4.4): where tokens are asked for. */
    tokenUrl: httpUrl,
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    scope: z.string().optional(),
  }),
]);

/** TCCC's Data Push, as the TCCC console configures it: one URL, an auth mode, and what to push. */
export const dataPushConfigSchema = z.strictObject({
  url: httpUrl,
  auth: pushAuthSchema.default({ kind: 'none' }),
  /** `action=cdr&version=1`: the CDR of every finished session. */
  cdr: z.boolean().default(true),
  /** `action=record&version=1`: one message per recording of a session. */
  record: z.boolean().default(true),
  ...deliveryLimits,
});

export type WebhookConfig = z.infer<typeof webhookConfigSchema>;
export type DataPushConfig = z.infer<typeof dataPushConfigSchema>;
export type PushAuthConfig = DataPushConfig['auth'];
