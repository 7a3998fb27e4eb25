import { parseParams, type Result, type SipMessage } from '../message/index.ts';

export type Refresher = 'uac' | 'uas';

/** Session-Expires (RFC 4028 §4): the interval in seconds and who refreshes, relative to the transaction carrying it. */
export interface SessionExpires {
  seconds: number;
  refresher?: Refresher;
}

/** RFC 4028 §5: no Min-SE, and no session interval, may be below 90 s. */
export const MIN_SE_FLOOR = 90;

const MAX_DELTA = 0xffffffff; // delta-seconds is 32-bit in practice (RFC 3261 §25.1 leaves it open)

function readDelta(s: string): Result<{ seconds: number; end: number }> {
  let i = 0;
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  const start = i;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === start) return { ok: false, reason: 'no delta-seconds' };
  const seconds = Number(s.slice(start, i));
  if (seconds > MAX_DELTA) return { ok: false, reason: 'delta-seconds out of range' };
  return { ok: true, value: { seconds, end: i } };
}

function readTail(s: string, end: number): Result<Map<string, string | null>> {
  const p = parseParams(s, end);
  if (!p.ok) return p;
  if (s.slice(p.value.end).trim() !== '') return { ok: false, reason: 'unexpected text after the parameters' };
  return { ok: true, value: p.value.params };
}

/** `1800;refresher=uac` → { seconds: 1800, refresher: 'uac' }. Never throws. */
export function parseSessionExpires(s: string): Result<SessionExpires> {
  const d = readDelta(s);
  if (!d.ok) return d;
  const params = readTail(s, d.value.end);
  if (!params.ok) return params;
  const r = params.value.get('refresher')?.toLowerCase();
  if (r === undefined) return { ok: true, value: { seconds: d.value.seconds } };
  if (r !== 'uac' && r !== 'uas') return { ok: false, reason: 'refresher is neither uac nor uas' };
  return { ok: true, value: { seconds: d.value.seconds, refresher: r } };
}

export function formatSessionExpires(se: SessionExpires): string {
  return se.refresher === undefined ? String(se.seconds) : `${se.seconds};refresher=${se.refresher}`;
}

/** Min-SE (RFC 4028 §5): delta-seconds with generic params. Never throws. */
export function parseMinSe(s: string): Result<number> {
  const d = readDelta(s);
  if (!d.ok) return d;
  const params = readTail(s, d.value.end);
  return params.ok ? { ok: true, value: d.value.seconds } : params;
}

export function formatMinSe(seconds: number): string {
  return String(seconds);
}

/** The message's Session-Expires (long or compact `x` form), or undefined when absent or malformed. */
export function readSessionExpires(m: SipMessage): SessionExpires | undefined {
  const v = m.headers.get('Session-Expires');
  const r = v === undefined ? undefined : parseSessionExpires(v);
  return r?.ok ? r.value : undefined;
}

export function readMinSe(m: SipMessage): number | undefined {
  const v = m.headers.get('Min-SE');
  const r = v === undefined ? undefined : parseMinSe(v);
  return r?.ok ? r.value : undefined;
}
