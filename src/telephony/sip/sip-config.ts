import { z } from 'zod';

/**
 * `carrier.sip` of the world config: the trunk openccc places calls on. docs/config.md documents
 * every key; strict so a typo is a config error. The SIP carrier itself is being built (the SIP
 * stack lives beside this file); a world that selects it is refused at start with that reason.
 */
export const sipCarrierConfigSchema = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(5060),
  transport: z.enum(['udp', 'tcp']).default('udp'),
  username: z.string().optional(),
  password: z.string().optional(),
});

export type SipCarrierConfig = z.output<typeof sipCarrierConfigSchema>;
