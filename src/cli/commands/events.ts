import { Command, InvalidArgumentError, Option } from 'commander';
import type { OutboxState } from '../../domain/outbox.ts';
import { listDeliveries } from '../../app/use-cases/list-deliveries.ts';
import { showDelivery } from '../../app/use-cases/show-delivery.ts';
import { deliveryListText, deliveryText, entryJson } from './events-text.ts';
import { replayCommand, retryCommand } from './events-requeue.ts';
import { onWorld, withWorldFlags, worldTarget, type WorldFlags } from './world-flags.ts';

interface ListFlags extends WorldFlags {
  state?: OutboxState;
  session?: string;
  endpoint?: string;
  limit: number;
  json?: boolean;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of at least 1');
  return n;
}

const DATABASE_NOTE = 'SQLite admits one process: stop `serve` first, or use Postgres storage to use the outbox while it runs.';

export function eventsCommand(): Command {
  const events = new Command('events').description(
    'Look at and resend the outbox: the webhook events and TCCC data pushes owed to, or delivered to, receivers.',
  );
  withWorldFlags(events.command('list'))
    .description('List deliveries, newest first (one session in its order), and the outbox by state.')
    .addOption(new Option('--state <state>', 'only deliveries in this state').choices(['pending', 'delivered', 'dead']))
    .option('--session <id>', "only this session's deliveries, in seq order per endpoint")
    .option('--endpoint <id>', 'only deliveries to this endpoint (as the ENDPOINT column shows it)')
    .option('--limit <n>', 'at most this many', positiveInt, 50)
    .option('--json', 'print {deliveries, counts} as JSON, each payload parsed')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  openccc events list --config world.yaml --state dead',
        '  openccc events list --data-dir ./data --session 7f6c2c1e-... --json',
        '',
        'NEXT ATTEMPT is when an owed (pending) delivery is tried next; LAST ERROR is its last failed',
        'attempt (cut to 60 characters; `events show ID` has all of it). The counts below the table',
        `are the whole outbox's. ${DATABASE_NOTE}`,
        'Exit 0 listed, 1 the database cannot be read, 2 bad usage.',
      ].join('\n'),
    )
    .action(async (flags: ListFlags) => {
      const target = worldTarget('events list', flags);
      const q = { state: flags.state, sessionId: flags.session, endpointId: flags.endpoint, limit: flags.limit };
      const list = await onWorld(() => listDeliveries(target, q));
      process.stdout.write(
        flags.json
          ? `${JSON.stringify({ deliveries: list.entries.map(entryJson), counts: list.counts }, null, 2)}\n`
          : deliveryListText(list),
      );
    });
  withWorldFlags(events.command('show'))
    .description('Print one delivery: its event, endpoint, state, attempts, last error, times and payload.')
    .argument('<id>', 'the delivery id (the ID column of `events list`)')
    .option('--json', 'print the delivery as stored, its payload parsed')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        "  openccc events show '7f6c2c1e-...-5>1400000000/webhook/0a1b2c3d4e5f' --config world.yaml",
        '',
        'Only the last error is kept (with the attempt count); the server logs every attempt.',
        DATABASE_NOTE,
        'Exit 0 found, 1 no such delivery (or the database cannot be read), 2 bad usage.',
      ].join('\n'),
    )
    .action(async (id: string, flags: WorldFlags & { json?: boolean }) => {
      const target = worldTarget('events show', flags);
      const entry = await onWorld(() => showDelivery(target, id));
      process.stdout.write(flags.json ? `${JSON.stringify(entryJson(entry), null, 2)}\n` : deliveryText(entry, Date.now()));
    });
  events.addCommand(retryCommand());
  events.addCommand(replayCommand());
  return events;
}
