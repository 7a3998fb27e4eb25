import type { OutboxEntry, OutboxState } from '../../domain/outbox.ts';
import type { DeliveryList } from '../../app/use-cases/list-deliveries.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** What a delivery carries: a webhook's event type, or which TCCC data push. */
export function eventOf(e: OutboxEntry): string {
  if (e.kind !== 'webhook') return `push ${e.kind}`;
  const type = (payloadOf(e) as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' ? type : 'webhook';
}

/** The payload as JSON (what --json prints), or the stored text when it is not JSON. */
export function payloadOf(e: OutboxEntry): unknown {
  try {
    return JSON.parse(e.payload) as unknown;
  } catch {
    return e.payload;
  }
}

/** An entry for --json: as stored, its payload parsed so that jq can reach into it. */
export const entryJson = (e: OutboxEntry) => ({ ...e, payload: payloadOf(e) });

export function countsText(c: Record<OutboxState, number>): string {
  return `All deliveries: ${c.pending} pending, ${c.delivered} delivered, ${c.dead} dead.`;
}

function clip(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

/** `openccc events list` as a table, the backlog by state below it. */
export function deliveryListText(l: DeliveryList): string {
  if (l.entries.length === 0) return `No deliveries match.\n${countsText(l.counts)}\n`;
  const head = ['ID', 'SESSION', 'SEQ', 'EVENT', 'ENDPOINT', 'STATE', 'ATTEMPTS', 'NEXT ATTEMPT', 'LAST ERROR'];
  const rows = l.entries.map((e) => [
    e.id,
    e.sessionId,
    String(e.seq),
    eventOf(e),
    e.endpointId,
    e.state,
    String(e.attempts),
    e.state === 'pending' ? iso(e.nextAttemptAt) : '-',
    e.lastError === null ? '-' : clip(e.lastError, 60),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line), '', `${l.entries.length} shown. ${countsText(l.counts)}`, ''].join('\n');
}

/** `openccc events show` as text: the delivery's state and times, then its payload. */
export function deliveryText(e: OutboxEntry, now: number): string {
  const out = [`Delivery ${e.id}`];
  const row = (k: string, v: string) => out.push(`  ${k.padEnd(13)}${v}`);
  row('event', `${e.eventId} (${eventOf(e)}), seq ${e.seq}`);
  row('session', e.sessionId);
  row('endpoint', `${e.endpointId} (${e.kind})`);
  row('state', e.state);
  row('attempts', String(e.attempts));
  if (e.state === 'pending') row('next attempt', `${iso(e.nextAttemptAt)}${e.nextAttemptAt <= now ? ' (due)' : ''}`);
  row('created', iso(e.createdAt));
  row('owed since', `${iso(e.pendingSince)} (the max age counts from here)`);
  row('last attempt', e.lastAttemptAt === null ? '-' : iso(e.lastAttemptAt));
  row('last error', e.lastError ?? '-');
  if (e.claimedBy !== null && e.claimedUntil !== null)
    row(
      'claimed',
      `by ${e.claimedBy} until ${iso(e.claimedUntil)}${e.claimedUntil > now ? ' (an attempt in flight)' : ' (lease ran out)'}`,
    );
  const payload = payloadOf(e);
  out.push('', 'Payload', typeof payload === 'string' ? payload : JSON.stringify(payload, null, 2), '');
  return out.join('\n');
}
