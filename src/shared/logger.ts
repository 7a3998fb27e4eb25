import { pino, type Logger } from 'pino';

export type { Logger };

/** One JSON logger for the process; `silent` in tests unless OPENCCC_LOG_LEVEL says otherwise. */
export function createLogger(level: string = process.env.OPENCCC_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { svc: 'openccc' } });
}

export const silentLogger: Logger = pino({ level: 'silent' });
