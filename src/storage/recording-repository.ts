import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { RecordingRepository, StoredRecording } from './repositories.ts';
import { fromRecordingRow, toRecordingRow } from './rows/recording-row.ts';

/** Recording rows; the files themselves are the app's (app/recordings/). */
export class KyselyRecordingRepository implements RecordingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(recording: StoredRecording): Promise<void> {
    // A retried insert of the same recording (same id) is a no-op, not an error.
    await this.db
      .insertInto('recordings')
      .values(toRecordingRow(recording))
      .onConflict((oc) => oc.column('recording_id').doNothing())
      .execute();
  }

  async get(recordingId: string): Promise<StoredRecording | undefined> {
    const row = await this.db.selectFrom('recordings').selectAll().where('recording_id', '=', recordingId).executeTakeFirst();
    return row && fromRecordingRow(row);
  }

  async ofSessions(sessionIds: readonly string[]): Promise<StoredRecording[]> {
    if (sessionIds.length === 0) return [];
    const rows = await this.db.selectFrom('recordings').selectAll().where('session_id', 'in', sessionIds).execute();
    return rows.map(fromRecordingRow);
  }

  async createdBefore(beforeMs: number, limit: number): Promise<StoredRecording[]> {
    const rows = await this.db
      .selectFrom('recordings')
      .selectAll()
      .where('created_at', '<', beforeMs)
      .orderBy('created_at')
      .orderBy('recording_id')
      .limit(limit)
      .execute();
    return rows.map(fromRecordingRow);
  }

  async delete(recordingIds: readonly string[]): Promise<number> {
    if (recordingIds.length === 0) return 0;
    const r = await this.db.deleteFrom('recordings').where('recording_id', 'in', recordingIds).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
