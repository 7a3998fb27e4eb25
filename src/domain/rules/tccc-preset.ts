import type { EffectiveRules, OutboundRulesConfig } from './rules-config.ts';

/**
 * `outboundRules: { preset: tccc }`: the outbound rules Tencent Cloud Contact Center applies to
 * the numbers it provisions, which its users never configure ("电话号码外呼规则", product doc
 * 679/79155, read 2026-02; see docs/outbound-rules.md for each number's source):
 * - calls only 08:00-21:00 Beijing time (Asia/Shanghai, no DST), every day;
 * - no calls to numbers attributed to Xinjiang or Tibet;
 * - the same callee at most 3 times in 5 minutes and 5 times in 24 hours, whatever the caller number;
 * - one concurrent channel per number, inbound and outbound together.
 */
export const TCCC_PRESET: Readonly<Required<Omit<EffectiveRules, 'callerFrequency'>>> = Object.freeze({
  workTime: {
    timeZone: 'Asia/Shanghai',
    windows: [{ days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], from: '08:00', to: '21:00' }],
  },
  blindAreas: ['CN-XJ', 'CN-XZ'],
  calleeInterval: { maxCalls: 3, windowSeconds: 300 },
  calleeDaily: { maxCalls: 5, rolling: true },
  callerConcurrency: { maxChannels: 1 },
});

const PRESETS = { tccc: TCCC_PRESET } as const;
const RULE_KEYS = ['workTime', 'blindAreas', 'calleeInterval', 'calleeDaily', 'callerFrequency', 'callerConcurrency'] as const;

/**
 * The preset (if any) with the keys given beside it: a key replaces the preset's rule whole, and
 * `null` turns it off. Without a preset a key is its rule and `null` is the same as absent.
 */
export function effectiveRules(config: OutboundRulesConfig): EffectiveRules {
  const base: EffectiveRules = config.preset ? { ...PRESETS[config.preset] } : {};
  const out: Record<string, unknown> = { ...base };
  for (const key of RULE_KEYS) {
    const given = config[key];
    if (given === null) delete out[key];
    else if (given !== undefined) out[key] = given;
  }
  return out as EffectiveRules;
}
