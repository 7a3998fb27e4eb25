import type { Kysely } from 'kysely';
import type { CallDialogsTable, Database } from './database.ts';
import type { CallDialogRepository, StoredCallDialog } from './repositories.ts';

const fromRow = (r: CallDialogsTable): StoredCallDialog => ({
  sessionId: r.session_id,
  carrier: r.carrier,
  state: r.state,
  createdAtMs: r.created_at,
});

/** The line state of answered calls in flight; Storage.finishSession deletes a call's row with its CDR. */
export class KyselyCallDialogRepository implements CallDialogRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async save(dialog: StoredCallDialog): Promise<void> {
    const row: CallDialogsTable = {
      session_id: dialog.sessionId,
      carrier: dialog.carrier,
      state: dialog.state,
      created_at: dialog.createdAtMs,
    };
    await this.db
      .insertInto('call_dialogs')
      .values(row)
      .onConflict((oc) =>
        oc.column('session_id').doUpdateSet((eb) => ({
          carrier: eb.ref('excluded.carrier'),
          state: eb.ref('excluded.state'),
          created_at: eb.ref('excluded.created_at'),
        })),
      )
      .execute();
  }

  async ofSessions(sessionIds: readonly string[]): Promise<StoredCallDialog[]> {
    if (sessionIds.length === 0) return [];
    const rows = await this.db.selectFrom('call_dialogs').selectAll().where('session_id', 'in', sessionIds).execute();
    return rows.map(fromRow);
  }

  async delete(sessionIds: readonly string[]): Promise<number> {
    if (sessionIds.length === 0) return 0;
    const r = await this.db.deleteFrom('call_dialogs').where('session_id', 'in', sessionIds).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
