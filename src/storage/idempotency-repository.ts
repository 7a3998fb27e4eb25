import type { Kysely } from 'kysely';
import type { Database, IdempotencyTable } from './database.ts';
import type { StorageDialect } from './dialect/storage-dialect.ts';
import type { IdempotencyRepository, StoredResponse } from './repositories.ts';
import { queryTemplate } from './query-template.ts';
import { fromIdempotencyRow } from './rows/idempotency-row.ts';

export class KyselyIdempotencyRepository implements IdempotencyRepository {
  private readonly getOne;
  private readonly putOnce;
  private readonly completeOne;
  private readonly db: Kysely<Database>;

  // Reservation and answer are written with runOrdered: each needs to be durable before the writes
  // that follow it (the call it guards; later requests), not before the request goes on. On SQLite
  // that saves two commit waits per mutating request.
  constructor(private readonly dialect: StorageDialect) {
    const db = dialect.db;
    this.db = db;
    this.getOne = queryTemplate(db, ['key'], (db, a: { key: string }) =>
      db.selectFrom('idempotency').select(['body', 'created_at']).where('key', '=', a.key),
    );
    // Inserts unless a live entry holds the key. An entry already expired at the new entry's
    // creation but not yet pruned is replaced, so pruning late never makes a key unusable.
    this.putOnce = queryTemplate(db, ['key', 'body', 'created_at', 'expires_at'], (db, row: IdempotencyTable) =>
      db
        .insertInto('idempotency')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('key')
            .doUpdateSet((eb) => ({
              body: eb.ref('excluded.body'),
              created_at: eb.ref('excluded.created_at'),
              expires_at: eb.ref('excluded.expires_at'),
            }))
            .where('idempotency.expires_at', '<=', (eb) => eb.ref('excluded.created_at')),
        ),
    );
    this.completeOne = queryTemplate(db, ['body', 'key'], (db, a: { key: string; body: string }) =>
      db.updateTable('idempotency').set({ body: a.body }).where('key', '=', a.key),
    );
  }

  async get(key: string): Promise<StoredResponse | undefined> {
    const { rows } = await this.db.executeQuery(this.getOne({ key }));
    return rows[0] && fromIdempotencyRow(rows[0]);
  }

  async put(key: string, body: string, createdAtMs: number, expiresAtMs: number): Promise<boolean> {
    return (await this.dialect.runOrdered(this.putOnce({ key, body, created_at: createdAtMs, expires_at: expiresAtMs }))) > 0;
  }

  async complete(key: string, body: string): Promise<void> {
    await this.dialect.runOrdered(this.completeOne({ key, body }));
  }

  /** Deletes entries whose expiry is at or before `nowMs`. */
  async prune(nowMs: number): Promise<number> {
    const r = await this.db.deleteFrom('idempotency').where('expires_at', '<=', nowMs).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
