import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { ClientTokenRepository, ClientTokenUse } from './repositories.ts';

export class KyselyClientTokenRepository implements ClientTokenRepository {
  constructor(private readonly db: Kysely<Database>) {}

  // Inserts unless a live entry holds the token; an expired, unpruned entry is replaced.
  async reserve(use: ClientTokenUse, expiresAtMs: number): Promise<boolean> {
    const r = await this.db
      .insertInto('client_tokens')
      .values({
        sdk_app_id: use.sdkAppId,
        token: use.token,
        request_hash: use.requestHash,
        session_id: use.sessionId,
        created_at: use.createdAtMs,
        expires_at: expiresAtMs,
      })
      .onConflict((oc) =>
        oc
          .columns(['sdk_app_id', 'token'])
          .doUpdateSet((eb) => ({
            request_hash: eb.ref('excluded.request_hash'),
            session_id: eb.ref('excluded.session_id'),
            created_at: eb.ref('excluded.created_at'),
            expires_at: eb.ref('excluded.expires_at'),
          }))
          .where('client_tokens.expires_at', '<=', (eb) => eb.ref('excluded.created_at')),
      )
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async get(sdkAppId: number, token: string, nowMs: number): Promise<ClientTokenUse | undefined> {
    const row = await this.db
      .selectFrom('client_tokens')
      .selectAll()
      .where('sdk_app_id', '=', sdkAppId)
      .where('token', '=', token)
      .where('expires_at', '>', nowMs)
      .executeTakeFirst();
    return (
      row && {
        sdkAppId: Number(row.sdk_app_id),
        token: row.token,
        requestHash: row.request_hash,
        sessionId: row.session_id,
        createdAtMs: row.created_at,
      }
    );
  }

  async release(sdkAppId: number, token: string, sessionId: string): Promise<void> {
    await this.db
      .deleteFrom('client_tokens')
      .where('sdk_app_id', '=', sdkAppId)
      .where('token', '=', token)
      .where('session_id', '=', sessionId)
      .execute();
  }

  async prune(nowMs: number): Promise<number> {
    const r = await this.db.deleteFrom('client_tokens').where('expires_at', '<=', nowMs).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
