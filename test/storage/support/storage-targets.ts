import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStorage, type OpenStorageOptions } from '../../../src/storage/open-storage.ts';
import type { Storage, StorageConfig } from '../../../src/storage/repositories.ts';

/** One database the shared suite runs against; `open` may be called again to "restart". */
export interface StorageTarget {
  readonly name: 'sqlite' | 'postgres';
  readonly config: StorageConfig;
  /** `opts.owner`: a second server's view of the same database. */
  open(opts?: OpenStorageOptions): Promise<Storage>;
  /** Removes everything the target created. */
  dispose(): Promise<void>;
}

export function sqliteTarget(): StorageTarget {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-storage-'));
  // A nested path also proves the parent directory is created.
  // Not exclusive: the suite opens a second storage on the same file while the first is open.
  const config: StorageConfig = { kind: 'sqlite', path: join(dir, 'nested', 'openccc.db'), exclusive: false };
  return {
    name: 'sqlite',
    config,
    open: (opts) => openStorage(config, opts),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const postgresUrl = process.env.OPENCCC_TEST_PG_URL ?? `postgres://${process.env.PGUSER ?? 'postgres'}@127.0.0.1:5432/test`;

/** Why Postgres cannot be used, or undefined when it answers. */
export async function postgresUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (err) {
    return `Postgres at ${postgresUrl} is not reachable: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Runs `define` when Postgres answers. When it does not: a failing test if CI requires services
 * (OPENCCC_REQUIRE_SERVICES=1), otherwise one skipped test named `title` that says why.
 */
export async function whenPostgres(title: string, define: () => void): Promise<void> {
  const unavailable = await postgresUnavailable();
  if (!unavailable) return define();
  if (process.env.OPENCCC_REQUIRE_SERVICES === '1')
    test('Postgres is required (OPENCCC_REQUIRE_SERVICES=1)', () => assert.fail(unavailable));
  else test(title, { skip: `${unavailable} (set OPENCCC_REQUIRE_SERVICES=1 to fail instead)` }, () => {});
}

/** A fresh schema per run, dropped at the end, so runs never see each other's rows. */
export function postgresTarget(): StorageTarget {
  const schema = `openccc_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const config: StorageConfig = { kind: 'postgres', url: postgresUrl, schema };
  return {
    name: 'postgres',
    config,
    open: (opts) => openStorage(config, opts),
    dispose: () => dropPostgresSchema(schema),
  };
}

/** Drops a test's schema and everything in it. */
export async function dropPostgresSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
