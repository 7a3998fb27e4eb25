import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { IdempotencyRepository, StoredResponse } from './repositories.ts';
import { fromIdempotencyRow } from './rows/idempotency-row.ts';

export class KyselyIdempotencyRepository implements IdempotencyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(key: string): Promise<StoredResponse | undefined> {
    const row = await this.db.selectFrom('idempotency').select(['body', 'created_at']).where('key', '=', key).executeTakeFirst();
    return row && fromIdempotencyRow(row);
  }

  /**
   * Inserts unless a live entry holds the key. An entry already expired at `createdAtMs` but
   * not yet pruned is replaced, so pruning late never makes a key unusable.
   */
  async put(key: string, body: string, createdAtMs: number, expiresAtMs: number): Promise<boolean> {
    const r = await this.db
      .insertInto('idempotency')
      .values({ key, body, created_at: createdAtMs, expires_at: expiresAtMs })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet((eb) => ({ body: eb.ref('excluded.body'), created_at: eb.ref('excluded.created_at'), expires_at: eb.ref('excluded.expires_at') }))
          .where('idempotency.expires_at', '<=', createdAtMs),
      )
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** Deletes entries whose expiry is at or before `nowMs`. */
  async prune(nowMs: number): Promise<number> {
    const r = await this.db.deleteFrom('idempotency').where('expires_at', '<=', nowMs).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
