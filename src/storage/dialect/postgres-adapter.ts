import { Pool, TypeOverrides } from 'pg';
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import type { Logger } from '../../shared/logger.ts';
import type { Database } from '../database.ts';
import type { AtomicOptions, StorageDialect } from './storage-dialect.ts';
import { PreparedStatements } from './postgres-prepared.ts';
import { UNIT_FENCED_SQLSTATE, unitAsStatement } from './postgres-unit.ts';

const INT8_OID = 20;

/** pg hands int8 (our ms timestamps, count(*)) back as strings; rows must hold numbers. */
export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} does not fit a JS number`);
  return n;
}

/**
 * Postgres over a pg.Pool. With `schema`, every connection's search_path is set to it (and it
 * is created if missing), so one database can hold isolated installations or test runs.
 */
export async function openPostgresDialect(url: string, schema: string | undefined, logger: Logger): Promise<StorageDialect> {
  const types = new TypeOverrides();
  types.setTypeParser(INT8_OID, parseInt8);
  const pool = new Pool({ connectionString: url, types });
  // An idle client losing its server emits on the pool; unhandled, that would end the process.
  pool.on('error', (err) => logger.warn({ err }, 'postgres idle connection failed'));
  // Before Kysely's own connection setup (search_path): the pool emits connect first.
  const prepared = new PreparedStatements();
  pool.on('connect', (client) => prepared.adopt(client));
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool,
      onCreateConnection: schema
        ? async (conn) => {
            await conn.executeQuery(sql`set search_path to ${sql.id(schema)}`.compile(db));
          }
        : undefined,
    }),
  });
  try {
    if (schema) await createSchema(db, schema);
    // Name the schema explicitly: Kysely's Migrator otherwise finds its table in any schema.
    const current = await sql<{ s: string }>`select current_schema() as s`.execute(db);
    const migrationTableSchema = current.rows[0]?.s;
    if (!migrationTableSchema) throw new Error(`postgres: schema ${schema ?? '(default)'} is not usable (current_schema() is null)`);
    const runAtomically = async (queries: readonly CompiledQuery[], opts: AtomicOptions = {}): Promise<boolean> => {
      const one = unitAsStatement(queries, opts.guarded ?? false);
      if (one) {
        try {
          await db.executeQuery(one);
          return true;
        } catch (err) {
          if (opts.guarded && (err as { code?: string }).code === UNIT_FENCED_SQLSTATE) return false;
          throw err;
        }
      }
      if (queries.length === 1) {
        const r = await db.executeQuery(queries[0]!);
        return !opts.guarded || Number(r.numAffectedRows ?? 0n) > 0;
      }
      return db.transaction().execute(async (tx) => {
        const [first, ...rest] = queries;
        const r = await tx.executeQuery(first!);
        if (opts.guarded && Number(r.numAffectedRows ?? 0n) === 0) return false;
        for (const q of rest) await tx.executeQuery(q);
        return true;
      });
    };
    // Each statement commits on its own: resolved is durable, which is also ordered.
    const runOrdered = async (q: CompiledQuery): Promise<number> => Number((await db.executeQuery(q)).numAffectedRows ?? 0n);
    return { name: 'postgres', db, migrationTableSchema, singleWriter: false, supportsSkipLocked: true, runAtomically, runOrdered };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}

async function createSchema(db: Kysely<Database>, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (err) {
    // Two processes creating the same schema at once: the loser sees a unique violation.
    if ((err as { code?: string }).code !== '23505') throw err;
  }
}
