import type { PoolClient, QueryConfig } from 'pg';

/** Distinct statements named per pool; past it, statements run unnamed (bounds per-connection server memory). */
const MAX_NAMED = 200;

/**
 * Named (server-side prepared) statements for the inserts a pool runs: most of every call's
 * writes (session row, events, CDR, idempotency), and the atomic units that carry them. Unnamed, Postgres parses and plans each
 * statement again on every execution; named, each connection parses it once and later executions
 * only bind and run. Inserts only: their plan never depends on the data, whereas a read or an
 * update with a subquery (the outbox claim) could get a generic cached plan worse than the one
 * planned for its actual parameters. Not with `returning`: a named statement whose result
 * columns a later migration changes fails ("cached plan must not change result type"). The SQL
 * text is the key, so one text always has one name (pg refuses a name reused for different text).
 */
export class PreparedStatements {
  private readonly names = new Map<string, string>();

  constructor(private readonly max = MAX_NAMED) {}

  /** Makes `client` name the statements it runs (once per client: the pool's connect event). */
  adopt(client: PoolClient): void {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const [text, values] = args;
      if (
        typeof text === 'string' &&
        Array.isArray(values) &&
        args.length === 2 &&
        // An atomic unit (postgres-unit.ts) returns one fixed column, whatever its writes.
        ((text.startsWith('insert into ') && !text.includes(' returning ')) || text.startsWith('with q0 as ('))
      ) {
        const name = this.nameOf(text);
        if (name) return query({ name, text, values } satisfies QueryConfig);
      }
      return query(...args);
    };
  }

  private nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= this.max) return known;
    const name = `openccc_${this.names.size}`;
    this.names.set(text, name);
    return name;
  }
}
