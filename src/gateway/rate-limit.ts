import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';

export interface RateLimitConfig {
  /** Requests per second per account for actions not listed. */
  default: number;
  actions: Record<string, number>;
}

/**
 * Requests per second per (account, action), as Tencent Cloud limits each API. In memory for
 * one process; with Redis every openccc node shares the same counters.
 */
export class ApiRateLimiter {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(
    private readonly config: RateLimitConfig,
    private readonly redis?: Redis,
  ) {}

  limitOf(action: string): number {
    return this.config.actions[action] ?? this.config.default;
  }

  /** True when the request may proceed. */
  async allow(account: string, action: string): Promise<boolean> {
    try {
      await this.limiter(action).consume(account, 1);
      return true;
    } catch (err) {
      if (err instanceof RateLimiterRes) return false;
      throw err;
    }
  }

  private limiter(action: string): RateLimiterAbstract {
    let l = this.limiters.get(action);
    if (!l) {
      const opts = { points: this.limitOf(action), duration: 1, keyPrefix: `openccc:rl:${action}` };
      l = this.redis ? new RateLimiterRedis({ ...opts, storeClient: this.redis }) : new RateLimiterMemory(opts);
      this.limiters.set(action, l);
    }
    return l;
  }
}
