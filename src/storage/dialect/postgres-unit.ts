import { CompiledQuery } from 'kysely';

/**
 * An atomic unit of writes as ONE Postgres statement: each write becomes a data-modifying CTE,
 * so the unit is one round trip and one implicit transaction instead of BEGIN, a round trip per
 * write and COMMIT. Every CTE runs to completion, sees the same snapshot, and the statement
 * commits or fails as a whole (PostgreSQL docs, "Data-Modifying Statements in WITH").
 *
 * Measured on bench/write-path.ts (Postgres, simulated calls): a call's five units were ~25
 * round trips, and 30 % of the server's CPU was socket writes; see the commit that made this.
 *
 * `guarded` (a fenced session write): the first write RETURNING 1 is counted, and the outer
 * SELECT divides by that count, so a first write that changed no row raises division_by_zero
 * and rolls the whole statement back, which the caller reads as "fenced". Only plain INSERT,
 * UPDATE and DELETE without RETURNING qualify; anything else (or a unit of one) is undefined
 * and runs as before.
 */
export function unitAsStatement(queries: readonly CompiledQuery[], guarded: boolean): CompiledQuery | undefined {
  if (queries.length < 2) return undefined;
  const parts: string[] = [];
  const parameters: unknown[] = [];
  for (let i = 0; i < queries.length; i++) {
    const q = queries[i]!;
    if (!/^(insert|update|delete) /i.test(q.sql) || /\breturning\b/i.test(q.sql)) return undefined;
    const text = renumber(q.sql, parameters.length);
    if (text === undefined) return undefined;
    parameters.push(...q.parameters);
    parts.push(`q${i} as (${text}${i === 0 && guarded ? ' returning 1' : ''})`);
  }
  const select = guarded ? 'select 1 / (select count(*)::int from q0) as applied' : 'select 1 as applied';
  return CompiledQuery.raw(`with ${parts.join(', ')} ${select}`, parameters);
}

/** SQLSTATE division_by_zero: how a guarded unit says its first write changed nothing. */
export const UNIT_FENCED_SQLSTATE = '22012';

/**
 * Shifts `$n` placeholders by `offset`, outside quoted literals and identifiers. Kysely writes
 * placeholders as `$1..$n` in order; a `$` anywhere else (a dollar-quoted body) makes it give up.
 */
function renumber(sql: string, offset: number): string | undefined {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = closing(sql, i, c);
      if (end < 0) return undefined;
      out += sql.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (c === '$') {
      const m = /^\$(\d+)/.exec(sql.slice(i, i + 12));
      if (!m) return undefined;
      out += `$${Number(m[1]) + offset}`;
      i += m[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Index of the quote closing the one at `start` (a doubled quote is an escaped one), or -1. */
function closing(sql: string, start: number, quote: string): number {
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] !== quote) continue;
    if (sql[i + 1] === quote) {
      i++;
      continue;
    }
    return i;
  }
  return -1;
}
