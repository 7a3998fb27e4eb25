import { pino, type Logger } from 'pino';

export type { Logger };

/** The levels a config may name (pino's). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * One JSON logger for the process at `configured` (server.logLevel), or `info`. OPENCCC_LOG_LEVEL
 * wins over both: an operator raises the level for one run without editing the world, and the
 * test runner keeps every server silent.
 */
export function createLogger(configured?: string): Logger {
  return pino({ level: process.env.OPENCCC_LOG_LEVEL ?? configured ?? 'info', base: { svc: 'openccc' } });
}

export const silentLogger: Logger = pino({ level: 'silent' });
