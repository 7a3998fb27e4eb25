import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './database.ts';

/** A query compiled once; each call only fills in the parameters. */
export type QueryTemplate<A, R> = (args: A) => CompiledQuery<R>;

/**
 * Hot queries skip Kysely's builder and compiler (most of a small write's CPU cost here). The
 * query is compiled once with a sentinel in place of each argument, and the placeholder order
 * is read back from where the sentinels landed, so SQL and parameter order both still come from
 * Kysely. Only for fixed-shape queries: a builder must pass its arguments through unchanged.
 */
export function queryTemplate<A extends object, R>(
  db: Kysely<Database>,
  keys: readonly (keyof A & string)[],
  build: (db: Kysely<Database>, args: A) => Compilable<R>,
): QueryTemplate<A, R> {
  const sentinel = (k: string) => `\u0000openccc-arg:${k}\u0000`;
  const byName = new Map<unknown, keyof A>(keys.map((k) => [sentinel(k), k]));
  const compiled = build(db, Object.fromEntries(keys.map((k) => [k, sentinel(k)])) as unknown as A).compile();
  const order = compiled.parameters.map((p) => {
    const k = byName.get(p);
    if (k === undefined) throw new Error(`queryTemplate: parameter ${String(p)} of "${compiled.sql}" is not one of the arguments`);
    return k;
  });
  const { sql, query, queryId } = compiled;
  return (args) => ({ sql, query, queryId, parameters: order.map((k) => args[k]) });
}
