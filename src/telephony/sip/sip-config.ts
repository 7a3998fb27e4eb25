import { z } from 'zod';
import { EndStatus, type EndStatusName } from '../../domain/end-status.ts';
import { CALLEE_FORMATS } from './carrier/callee-format.ts';

/**
 * `carrier.sip` of the world config: where openccc's UA listens, the trunk it places calls on
 * and takes calls from, and that trunk's limits (issue 14's configuration contract). Strict, so
 * a typo is a config error. docs/sip.md explains every key; docs/config.md lists them.
 */

const hostPort = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[^:\s[\]]+):\d{1,5}$/, 'expected HOST:PORT, e.g. 0.0.0.0:5060 or [::]:5060')
  .refine((s) => Number(s.slice(s.lastIndexOf(':') + 1)) <= 65535, 'the port is above 65535');

const ipAddress = z.union([z.ipv4(), z.ipv6()], { error: 'expected an IPv4 or IPv6 address' });

/** An address or a CIDR block inbound INVITEs may come from besides the trunk host. */
const addressOrBlock = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
  error: 'expected an IP address or a CIDR block, e.g. 203.0.113.0/24',
});

// Failures only: a table row mapping a failed call to `ok` would make its CDR claim it was answered.
const failureNames = (Object.keys(EndStatus) as EndStatusName[]).filter((n) => n !== 'ok') as [EndStatusName, ...EndStatusName[]];
const endStatusName = z.enum(failureNames);

/** Record keys checked by hand: zod reports a bad record key only as "Invalid key in record". */
function keyedRows(keyOk: (key: string) => boolean, expected: string) {
  return z.record(z.string(), endStatusName).superRefine((rows, ctx) => {
    for (const key of Object.keys(rows))
      if (!keyOk(key)) ctx.addIssue({ code: 'custom', path: [key], message: `"${key}": expected ${expected}` });
  });
}

/** Rows over the built-in EndStatus table (telephony/sip/carrier/end-status-map.ts). */
const endStatusOverridesSchema = z.strictObject({
  /** A final status ("480") or a class ("5xx") of 3xx..6xx. */
  sip: keyedRows((k) => /^[3-6]([0-9]{2}|xx)$/.test(k), 'a SIP failure status like "480" or a class like "5xx" (300..699)').optional(),
  /** A Q.850 cause from the trunk's `Reason: Q.850;cause=N`. */
  q850: keyedRows((k) => /^[1-9][0-9]{0,2}$/.test(k) && Number(k) <= 127, 'a Q.850 cause 1..127').optional(),
});

const rtpPortsSchema = z
  .strictObject({
    portMin: z.number().int().min(1024).max(65534).default(20000),
    portMax: z.number().int().min(1025).max(65535).default(29999),
  })
  .superRefine((rtp, ctx) => {
    // RFC 3550 §11: RTP on an even port, its RTCP on the next (odd) one.
    if (rtp.portMin % 2 !== 0) ctx.addIssue({ code: 'custom', path: ['portMin'], message: 'portMin must be even (RTP even, RTCP odd)' });
    if (rtp.portMax <= rtp.portMin)
      ctx.addIssue({ code: 'custom', path: ['portMax'], message: 'portMax must be above portMin (room for one RTP/RTCP pair)' });
  });

export const sipCarrierConfigSchema = z
  .strictObject({
    listen: hostPort.default('0.0.0.0:5060'),
    publicAddress: ipAddress.optional(),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(5060),
    transport: z.enum(['udp', 'tcp']).default('udp'),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    calleeFormat: z.enum(CALLEE_FORMATS as [(typeof CALLEE_FORMATS)[number], ...(typeof CALLEE_FORMATS)[number][]]).default('e164'),
    maxConcurrentCalls: z.number().int().min(1).max(100_000).default(200),
    callsPerSecond: z.number().positive().max(10_000).default(20),
    queueSeconds: z.number().min(0).max(300).default(5),
    keepaliveSeconds: z.number().int().min(0).max(3600).default(0),
    rtp: rtpPortsSchema.default({ portMin: 20000, portMax: 29999 }),
    allowFrom: z.array(addressOrBlock).optional(),
    pAssertedIdentity: z.boolean().default(false),
    endStatus: endStatusOverridesSchema.optional(),
    rtpTimeoutSeconds: z.number().int().min(0).max(3600).default(30),
    sessionExpiresSeconds: z
      .number()
      .int()
      .max(86_400)
      .refine((s) => s === 0 || s >= 90, 'sessionExpiresSeconds is 0 (off) or at least 90 (RFC 4028 §4 Min-SE)')
      .default(1800),
    followRedirects: z.number().int().min(0).max(5).default(0),
  })
  .superRefine((sip, ctx) => {
    if ((sip.username === undefined) !== (sip.password === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [sip.username === undefined ? 'username' : 'password'],
        message: 'username and password go together',
      });
  });

export type SipCarrierConfig = z.output<typeof sipCarrierConfigSchema>;
export type SipCarrierConfigInput = z.input<typeof sipCarrierConfigSchema>;
