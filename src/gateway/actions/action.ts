import type { z } from 'zod';
import type { AppContext } from '../../app/app-context.ts';
import type { JsonFields } from '../envelope.ts';

/** Who is calling and under which request; what every action handler receives besides its params. */
export interface ActionCall {
  app: AppContext;
  secretId: string;
  requestId: string;
}

/** One API action: its parameter schema (strict, SDK field names) and its handler. */
export interface ActionDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  /** Mutating actions are replay-protected: a replayed signed request gets the first answer back. */
  mutates: boolean;
  params: S;
  handle(call: ActionCall, params: z.infer<S>): Promise<Record<string, unknown> | JsonFields>;
}

export function defineAction<S extends z.ZodType>(def: ActionDefinition<S>): ActionDefinition<S> {
  return def;
}
