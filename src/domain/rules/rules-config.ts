import { z } from 'zod';
import { isSupportedCountry } from 'libphonenumber-js';
import { isSubdivisionCode } from './cn-subdivisions.ts';

/**
 * Configuration of the outbound rules of one app (`apps[].outboundRules` in the world YAML).
 * Strict objects so a misspelt key is an error; every key is optional and an absent key turns its
 * rule off. See docs/outbound-rules.md.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const clock = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const windowSchema = z
  .strictObject({
    days: z.array(z.enum(WEEKDAYS)).min(1, 'list at least one day (sun, mon, tue, wed, thu, fri, sat)'),
    /** Local wall time the window opens, HH:MM. */
    from: z.string().regex(clock, 'expected HH:MM (00:00-23:59)'),
    /** Local wall time it closes (exclusive), HH:MM or 24:00; earlier than `from` means it runs past midnight. */
    to: z.string().regex(new RegExp(`${clock.source}|^24:00$`), 'expected HH:MM (00:00-24:00)'),
  })
  .refine((w) => w.from !== w.to, {
    message: 'from and to are equal: for the whole day use from 00:00 to 24:00',
    path: ['to'],
  });

const workTimeSchema = z.strictObject({
  /** IANA zone the windows and holidays are read in, e.g. Asia/Shanghai. */
  timeZone: z.string().refine(isTimeZone, 'not an IANA time zone (e.g. Asia/Shanghai, UTC)'),
  windows: z.array(windowSchema).min(1, 'list at least one window; remove workTime to call at any time'),
  /** Local dates (YYYY-MM-DD) with no calls at all. */
  holidays: z.array(z.iso.date()).optional(),
});

/**
 * An E.164 prefix (+ or TCCC's 00 form), an ISO 3166 region code libphonenumber knows, a Chinese
 * ISO 3166-2 subdivision (CN-XJ), or a city in one (CN-XJ:Urumchi, English as the geocoding data spells it).
 */
const blindAreaSchema = z
  .string()
  .refine(
    (s) =>
      /^(\+|00)[1-9][0-9]{0,14}$/.test(s) ||
      (/^[A-Z]{2}$/.test(s) && isSupportedCountry(s)) ||
      isSubdivisionCode(s) ||
      (/^CN-[A-Z]{2}:.*\S/.test(s) && isSubdivisionCode(s.slice(0, 5))),
    'expected an E.164 prefix like +8610 (or 008610), an upper-case ISO region code like KP, a Chinese subdivision like CN-XJ, or a city like CN-GD:Shenzhen',
  );

const maxCalls = z.number().int().min(1);
const windowSeconds = z
  .number()
  .int()
  .min(1)
  .max(366 * 86400);

/** The rule keys; beside `preset` each one replaces the preset's rule, and `null` turns it off. */
const ruleSchemas = {
  workTime: workTimeSchema,
  blindAreas: z.array(blindAreaSchema),
  /** At most maxCalls calls to one callee in any windowSeconds. */
  calleeInterval: z.strictObject({ maxCalls, windowSeconds }),
  /** At most maxCalls calls to one callee per local day (workTime's zone, else UTC), or in any 24 hours with rolling. */
  calleeDaily: z.strictObject({ maxCalls, rolling: z.boolean().optional() }),
  /** At most maxCalls calls from one caller number in any windowSeconds. */
  callerFrequency: z.strictObject({ maxCalls, windowSeconds }),
  /** At most maxChannels calls at once on one caller number, inbound and outbound. */
  callerConcurrency: z.strictObject({ maxChannels: z.number().int().min(1) }),
};

export const OUTBOUND_PRESETS = ['tccc'] as const;

export const outboundRulesConfigSchema = z.strictObject({
  /** A named set of rules to start from (see tccc-preset.ts); the other keys override single rules. */
  preset: z.enum(OUTBOUND_PRESETS).optional(),
  workTime: ruleSchemas.workTime.nullable().optional(),
  blindAreas: ruleSchemas.blindAreas.nullable().optional(),
  calleeInterval: ruleSchemas.calleeInterval.nullable().optional(),
  calleeDaily: ruleSchemas.calleeDaily.nullable().optional(),
  callerFrequency: ruleSchemas.callerFrequency.nullable().optional(),
  callerConcurrency: ruleSchemas.callerConcurrency.nullable().optional(),
});

export type OutboundRulesConfig = z.infer<typeof outboundRulesConfigSchema>;

/** The rules an app runs once its preset and overrides are merged: each key present is on. */
export type EffectiveRules = { [K in keyof typeof ruleSchemas]?: z.infer<(typeof ruleSchemas)[K]> };
export type WorkTimeConfig = NonNullable<EffectiveRules['workTime']>;
