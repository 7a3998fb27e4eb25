import { z } from 'zod';
import { simCarrierConfigSchema } from '../../telephony/sim/sim-config.ts';
import { sipCarrierConfigSchema } from '../../telephony/sip/sip-config.ts';
import { outboundRulesConfigSchema } from '../../domain/rules/rules-config.ts';
import { LOG_LEVELS } from '../../shared/logger.ts';
import { dataPushConfigSchema, webhookConfigSchema } from '../../events/webhook-config.ts';

/** The world configuration (YAML). Strict objects: an unknown key is an error, never ignored. */

const listen = z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/, 'expected HOST:PORT, e.g. 127.0.0.1:8080');

const credentialSchema = z.strictObject({
  secretId: z.string().min(8, 'a SecretId has at least 8 characters').max(128),
  secretKey: z.string().min(16, 'a SecretKey has at least 16 characters').max(256),
  /** Rate limits are per account; credentials of one account share them. Defaults to the SecretId. */
  account: z.string().min(1).optional(),
});

const numberSchema = z.strictObject({
  /** E.164 (+8610...) or TCCC's 00-prefixed form (008610...). */
  number: z.string().min(3),
  /** May be used as a caller ID for call-out. */
  callout: z.boolean().default(true),
  /** NumberInfo.State: normal (1), arrears (2), adminDisabled (4), violation (5). Only normal numbers call out. */
  state: z.enum(['normal', 'arrears', 'adminDisabled', 'violation']).default('normal'),
  /** NumberInfo.CostType: whether the number is the customer's own (self-carried). */
  selfOwned: z.boolean().default(false),
  /** Calls to this number run this IVR (of type inbound); absent: inbound calls to it are refused (404). */
  inboundIvrId: z.number().int().positive().optional(),
});

const ivrSchema = z.strictObject({
  id: z.number().int().positive(),
  name: z.string().min(1),
  /** Only inbound and autoOutbound flows may be used with CreateIVRSession. */
  type: z.enum(['inbound', 'autoOutbound', 'satisfaction', 'transfer']),
  /** Flow file, relative to the config file. */
  flow: z.string().min(1),
  /** Record every answered call of this IVR, from answer to hangup (docs/recordings.md). */
  record: z.boolean().default(false),
});

const appSchema = z.strictObject({
  sdkAppId: z.number().int().positive(),
  name: z.string().default(''),
  edition: z.enum(['basic', 'standard', 'advanced']),
  /** ISO 8601 date or date-time; calls are refused once it has passed. */
  packageExpiresAt: z.iso.datetime({ offset: true }).or(z.iso.date()),
  /** SecretIds allowed to use this app. */
  credentials: z.array(z.string().min(1)).min(1),
  numbers: z.array(numberSchema).default([]),
  ivrs: z.array(ivrSchema).default([]),
  blacklist: z.array(z.string()).default([]),
  outboundRules: outboundRulesConfigSchema.default({}),
  /** Ringing longer than this ends the call as notAnswer. */
  maxRingSeconds: z.number().int().min(5).max(300).default(60),
  /** openccc's signed live events (docs/events.md). */
  webhooks: z.array(webhookConfigSchema).default([]),
  /** TCCC's Data Push: CDR and recording pushes as TCCC sends them (docs/events.md). */
  dataPush: dataPushConfigSchema.optional(),
});

const storageSchema = z.union([
  z.strictObject({ sqlite: z.string().min(1) }),
  z.strictObject({ postgres: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL'), schema: z.string().optional() }),
]);

/** Where recordings are kept, how long, and how their URLs are signed (docs/recordings.md). */
/** The outbox of webhooks and data pushes (docs/events.md). */
const eventsSchema = z.strictObject({
  /** Delivered outbox rows older than this are deleted; 0 keeps them. Pending and dead rows are always kept. */
  retentionDays: z.number().min(0).max(36_500).default(7),
});

const recordingsSchema = z.strictObject({
  /** Recordings older than this are deleted (file and row); 0 keeps them forever. */
  retentionDays: z.number().int().min(0).max(36_500).default(30),
  /** How long a RecordURL stays valid; TCCC asks clients to fetch within 24 hours, so the default is a day. */
  urlTtlSeconds: z
    .number()
    .int()
    .min(60)
    .max(30 * 86_400)
    .default(86_400),
  /** The absolute base of RecordURL (e.g. https://ccc.example.com); default: http://<server.listen>. */
  publicBaseUrl: z
    .string()
    .regex(/^https?:\/\/[^\s?#]+$/, 'expected an absolute http(s) URL without query, e.g. https://ccc.example.com')
    .optional(),
  /** The HMAC key of RecordURL signatures; default: generated once into <dataDir>/recording-signing.key. */
  signingSecret: z.string().min(32, 'a signing secret has at least 32 characters').optional(),
  /** mono: both parties mixed; stereo: left = the far end, right = what openccc played. */
  channels: z.enum(['mono', 'stereo']).default('mono'),
});

/** Several servers on one Postgres and one Redis (docs/cluster.md). Seconds may be fractional. */
const clusterSchema = z
  .strictObject({
    /** This server's name in the cluster; default: derived from the host name and listen port (see nodeIdOf). */
    nodeId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'expected letters, digits, . _ : - (at most 100), e.g. ccc-1')
      .optional(),
    /** A server whose lease is this old is taken for dead: a survivor closes its calls. */
    leaseSeconds: z.number().min(1).max(600).default(15),
    /** How often the lease is renewed; less than half the lease, so one missed beat does not lose it. */
    heartbeatSeconds: z.number().min(0.1).max(300).default(5),
    shutdown: z
      .strictObject({
        /** hangup: SIGTERM hangs up every call at once; drain: waits for them up to drainSeconds first. */
        mode: z.enum(['hangup', 'drain']).default('hangup'),
        drainSeconds: z.number().min(0).max(86_400).default(30),
      })
      .default({ mode: 'hangup', drainSeconds: 30 }),
  })
  .superRefine((c, ctx) => {
    if (c.heartbeatSeconds >= c.leaseSeconds / 2)
      ctx.addIssue({
        code: 'custom',
        path: ['heartbeatSeconds'],
        message: `heartbeatSeconds (${c.heartbeatSeconds}) must be less than half of leaseSeconds (${c.leaseSeconds})`,
      });
  });

const carrierSchema = z.strictObject({
  kind: z.enum(['sim', 'sip']).default('sim'),
  sim: simCarrierConfigSchema.optional(),
  sip: sipCarrierConfigSchema.optional(),
});

export const worldConfigSchema = z
  .strictObject({
    server: z
      .strictObject({
        listen: listen.default('127.0.0.1:8080'),
        /** Where SQLite and other state live when storage is not given. */
        dataDir: z.string().default('./data'),
        bodyLimitBytes: z
          .number()
          .int()
          .min(1024)
          .max(100 * 1024 * 1024)
          .default(10 * 1024 * 1024),
        timestampWindowSeconds: z.number().int().min(1).max(3600).default(300),
        /** The server's log level; OPENCCC_LOG_LEVEL overrides it. */
        logLevel: z.enum(LOG_LEVELS).default('info'),
      })
      .default({
        listen: '127.0.0.1:8080',
        dataDir: './data',
        bodyLimitBytes: 10 * 1024 * 1024,
        timestampWindowSeconds: 300,
        logLevel: 'info',
      }),
    credentials: z.array(credentialSchema).min(1),
    apps: z.array(appSchema).min(1),
    /** Requests per second per account and action. */
    limits: z
      .strictObject({
        default: z.number().int().positive().default(20),
        actions: z.record(z.string(), z.number().int().positive()).default({}),
      })
      .default({ default: 20, actions: {} }),
    redis: z
      .strictObject({
        url: z.string().regex(/^rediss?:\/\//, 'expected a redis:// URL'),
        // Prefixes every key: the servers of one cluster share one, two installations on one Redis must not.
        namespace: z
          .string()
          .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64)')
          .optional(),
      })
      .optional(),
    storage: storageSchema.optional(),
    carrier: carrierSchema.default({ kind: 'sim' }),
    recordings: recordingsSchema.default({ retentionDays: 30, urlTtlSeconds: 86_400, channels: 'mono' }),
    events: eventsSchema.default({ retentionDays: 7 }),
    cluster: clusterSchema.optional(),
  })
  .superRefine((cfg, ctx) => {
    const ids = new Set(cfg.credentials.map((c) => c.secretId));
    const seenIds = new Set<string>();
    cfg.credentials.forEach((c, i) => {
      if (seenIds.has(c.secretId))
        ctx.addIssue({ code: 'custom', path: ['credentials', i, 'secretId'], message: `duplicate SecretId "${c.secretId}"` });
      seenIds.add(c.secretId);
    });
    const apps = new Set<number>();
    cfg.apps.forEach((app, i) => {
      if (apps.has(app.sdkAppId))
        ctx.addIssue({ code: 'custom', path: ['apps', i, 'sdkAppId'], message: `duplicate sdkAppId ${app.sdkAppId}` });
      apps.add(app.sdkAppId);
      app.credentials.forEach((id, j) => {
        if (!ids.has(id))
          ctx.addIssue({ code: 'custom', path: ['apps', i, 'credentials', j], message: `no credential with secretId "${id}"` });
      });
      const ivrIds = new Set<number>();
      app.ivrs.forEach((ivr, j) => {
        if (ivrIds.has(ivr.id)) ctx.addIssue({ code: 'custom', path: ['apps', i, 'ivrs', j, 'id'], message: `duplicate IVR id ${ivr.id}` });
        ivrIds.add(ivr.id);
      });
      // A webhook is known by its URL (its deliveries are stored under it), so each URL once per app.
      const urls = new Set<string>();
      app.webhooks.forEach((w, j) => {
        if (urls.has(w.url))
          ctx.addIssue({ code: 'custom', path: ['apps', i, 'webhooks', j, 'url'], message: `duplicate webhook URL ${w.url}` });
        urls.add(w.url);
      });
    });
    // SQLite is one server's file (it holds the file's lock); a cluster shares Postgres and Redis.
    if (cfg.cluster && !(cfg.storage && 'postgres' in cfg.storage))
      ctx.addIssue({
        code: 'custom',
        path: ['storage', 'postgres'],
        message: 'cluster needs storage.postgres (SQLite serves one server only)',
      });
    if (cfg.cluster && !cfg.redis)
      ctx.addIssue({ code: 'custom', path: ['redis', 'url'], message: 'cluster needs redis.url (the rate limits must be shared)' });
    if (cfg.carrier.kind === 'sip' && !cfg.carrier.sip) {
      ctx.addIssue({
        code: 'custom',
        path: ['carrier', 'sip'],
        message: 'carrier.kind is sip but carrier.sip (trunk host, port, transport) is missing',
      });
    }
  });

export type WorldConfig = z.infer<typeof worldConfigSchema>;
export type AppConfig = WorldConfig['apps'][number];
export type NumberConfig = AppConfig['numbers'][number];
export type IvrConfig = AppConfig['ivrs'][number];
export type RecordingsConfig = WorldConfig['recordings'];
export type ClusterConfig = NonNullable<WorldConfig['cluster']>;
