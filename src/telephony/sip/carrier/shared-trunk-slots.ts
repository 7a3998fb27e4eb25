// A trunk's limits over a whole cluster (issue 16 item 3): every openccc server on one Redis takes
// its concurrency slots and its INVITE start times from the same two keys, so maxConcurrentCalls and
// callsPerSecond hold for the trunk, not per server.
//
// Why Redis and a script rather than rate-limiter-flexible (already a dependency): a trunk slot is
// held for a whole call (minutes) and must come back when a server dies mid-call, and INVITEs are
// spaced evenly rather than counted per window; the library does neither. One Lua script makes the
// decision atomic, and it reads Redis's own clock (TIME), so the servers' clocks need not agree.
import type { Redis } from 'ioredis';
import type { Clock, TimerHandle } from '../../../shared/clock.ts';
import { OwnedTimers } from '../../../shared/owned-timers.ts';
import type { TrunkLimits } from './trunk-limiter.ts';

/**
 * KEYS[1] slots (sorted set: member = call, score = the time its hold lapses), KEYS[2] the next
 * free start time. ARGV: intervalMs, queueMs, maxConcurrentCalls, member, holdMs.
 * Returns the wait in ms before the INVITE may go (a slot is then held), -1 when every slot is
 * taken, -2 when the rate alone puts the start queueMs or more away.
 */
const ENTER_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local queueMs = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[4]) then return 0 end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return -1 end
local nextStart = tonumber(redis.call('GET', KEYS[2]) or '0')
local start = math.max(nextStart, now)
if start - now >= queueMs and start > now then return -2 end
redis.call('SET', KEYS[2], tostring(start + interval), 'PX', math.ceil(queueMs + interval) + 60000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[5]), ARGV[4])
return math.floor(start - now)
`;

/** Extends the holds of this server's calls that are still up (ZADD XX: a released call stays released). */
const RENEW_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i]) end
return #ARGV - 1
`;

export type SlotAnswer = { ok: true; delayMs: number } | { ok: false; reason: 'full' | 'rate' };

export interface SharedTrunkSlotsOptions {
  redis: Redis;
  /** Names the trunk in Redis: every server dialing the same trunk must use the same one. */
  trunkKey: string;
  limits: TrunkLimits;
  clock: Clock;
  /** How long a slot outlives its server's last renewal: what a crashed server's calls hold (default 30 s). */
  holdMs?: number;
}

type RedisWithTrunkScripts = Redis & {
  opencccTrunkEnter(slots: string, next: string, ...args: (string | number)[]): Promise<number>;
  opencccTrunkRenew(slots: string, ...args: (string | number)[]): Promise<number>;
};

export class SharedTrunkSlots {
  private readonly redis: RedisWithTrunkScripts;
  private readonly slotsKey: string;
  private readonly nextKey: string;
  private readonly intervalMs: number;
  private readonly holdMs: number;
  private readonly held = new Set<string>();
  private readonly timers: OwnedTimers;
  private renewTimer: TimerHandle | undefined;
  private closed = false;

  constructor(private readonly opts: SharedTrunkSlotsOptions) {
    const redis = opts.redis as RedisWithTrunkScripts;
    if (typeof redis.opencccTrunkEnter !== 'function') {
      redis.defineCommand('opencccTrunkEnter', { numberOfKeys: 2, lua: ENTER_SCRIPT });
      redis.defineCommand('opencccTrunkRenew', { numberOfKeys: 1, lua: RENEW_SCRIPT });
    }
    this.redis = redis;
    this.slotsKey = `openccc:trunk:{${opts.trunkKey}}:slots`;
    this.nextKey = `openccc:trunk:{${opts.trunkKey}}:next`;
    this.intervalMs = 1000 / opts.limits.callsPerSecond;
    this.holdMs = opts.holdMs ?? 30_000;
    this.timers = new OwnedTimers(opts.clock);
  }

  get queueMs(): number {
    return this.opts.limits.queueSeconds * 1000;
  }

  /** One try: a slot and a start time, or why not. Throws when Redis does not answer. */
  async tryReserve(member: string): Promise<SlotAnswer> {
    if (this.closed) return { ok: false, reason: 'full' };
    const answer = await this.redis.opencccTrunkEnter(
      this.slotsKey,
      this.nextKey,
      this.intervalMs,
      this.queueMs,
      this.opts.limits.maxConcurrentCalls,
      member,
      this.holdMs,
    );
    if (answer === -1) return { ok: false, reason: 'full' };
    if (answer === -2) return { ok: false, reason: 'rate' };
    this.held.add(member);
    this.scheduleRenewal();
    return { ok: true, delayMs: answer };
  }

  /** Gives the slot back at once (a call that ends); idempotent. */
  release(member: string): void {
    if (!this.held.delete(member)) return;
    this.redis.zrem(this.slotsKey, member).catch(() => {
      // Redis away: the hold lapses by itself within holdMs.
    });
  }

  /** Slots this server holds now. */
  heldCount(): number {
    return this.held.size;
  }

  /** Stops renewing; slots still held lapse within holdMs (a clean shutdown releases each call first). Idempotent. */
  close(): void {
    this.closed = true;
    this.timers.cancelAll();
    this.renewTimer = undefined;
  }

  private scheduleRenewal(): void {
    if (this.renewTimer || this.closed) return;
    this.renewTimer = this.timers.after(this.holdMs / 3, () => {
      this.renewTimer = undefined;
      if (this.held.size === 0) return;
      this.redis
        .opencccTrunkRenew(this.slotsKey, this.holdMs, ...this.held)
        .catch(() => {
          // Missed once; two more tries before a hold can lapse.
        })
        .finally(() => this.scheduleRenewal());
    });
  }
}
