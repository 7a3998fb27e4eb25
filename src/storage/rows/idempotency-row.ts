import type { StoredResponse } from '../repositories.ts';
import type { IdempotencyTable } from '../database.ts';

/** Row -> record for `idempotency`; the key and expiry stay storage concerns. */
export function fromIdempotencyRow(r: Pick<IdempotencyTable, 'body' | 'created_at'>): StoredResponse {
  return { body: r.body, createdAtMs: r.created_at };
}
