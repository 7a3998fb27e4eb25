import type { Kysely } from 'kysely';
import type { CallTrace } from '../domain/call-trace.ts';
import type { Database, SessionTracesTable } from './database.ts';
import type { StoredTrace, TraceRepository } from './repositories.ts';
import { queryTemplate } from './query-template.ts';

export class KyselyTraceRepository implements TraceRepository {
  private readonly getOne;
  private readonly upsert;

  constructor(private readonly db: Kysely<Database>) {
    this.getOne = queryTemplate(db, ['id'], (db, a: { id: string }) =>
      db.selectFrom('session_traces').select(['trace', 'created_at']).where('session_id', '=', a.id),
    );
    this.upsert = queryTemplate(db, ['session_id', 'trace', 'created_at'], (db, row: SessionTracesTable) =>
      db
        .insertInto('session_traces')
        .values(row)
        .onConflict((oc) =>
          oc.column('session_id').doUpdateSet((eb) => ({ trace: eb.ref('excluded.trace'), created_at: eb.ref('excluded.created_at') })),
        ),
    );
  }

  async save(sessionId: string, trace: CallTrace, createdAtMs: number): Promise<void> {
    await this.db.executeQuery(this.upsert({ session_id: sessionId, trace: JSON.stringify(trace), created_at: createdAtMs }));
  }

  async get(sessionId: string): Promise<StoredTrace | undefined> {
    const { rows } = await this.db.executeQuery(this.getOne({ id: sessionId }));
    const row = rows[0];
    return row && { trace: JSON.parse(row.trace) as CallTrace, createdAtMs: row.created_at };
  }
}
