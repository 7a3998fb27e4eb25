import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { replaySession } from '../../app/use-cases/replay-session.ts';
import { retryDeliveries, type ConfirmRequeue, type RequeueResult, type RetrySelection } from '../../app/use-cases/retry-deliveries.ts';
import { CliError } from '../cli-error.ts';
import { onWorld, withWorldFlags, worldTarget, type WorldFlags } from './world-flags.ts';

interface RequeueFlags extends WorldFlags {
  yes?: boolean;
}

const PICKUP = 'A running server sends them on its next claim (within about a second); if none runs, the next `openccc serve` does.';

const plural = (n: number) => `${n} deliver${n === 1 ? 'y' : 'ies'}`;

/** --yes, or a yes typed at a terminal; without a terminal to ask, nothing changes and it is bad usage. */
function confirmation(flags: RequeueFlags, what: string, onNo: () => void): ConfirmRequeue {
  return async (n) => {
    if (flags.yes) return true;
    if (!process.stdin.isTTY)
      throw new CliError(`this would ${what} ${plural(n)}; nothing changed: pass --yes to do it (no terminal to ask)`, 2);
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const yes = /^y(es)?$/i.test((await rl.question(`${what} ${plural(n)}? [y/N] `)).trim());
      if (!yes) onNo();
      return yes;
    } finally {
      rl.close();
    }
  };
}

function requeueText(r: RequeueResult, what: 'retry' | 'replay', declined: boolean): string {
  const out: string[] = [];
  if (r.matched === 0) out.push(`Nothing to ${what}: no dead or owed deliveries match.`);
  else if (declined) out.push(`Nothing changed (${plural(r.matched)} matched).`);
  else {
    const done = what === 'replay' ? 'Replayed' : 'Re-queued';
    out.push(`${done} ${plural(r.requeued)}: due now, attempts and max age restarted.`);
    if (r.requeued > 0) out.push(PICKUP);
    if (r.requeued < r.matched) out.push(`${plural(r.matched - r.requeued)} being attempted right now: left to that attempt.`);
  }
  if (r.delivered.length > 0)
    out.push(`Already delivered, left alone (\`openccc events replay SESSIONID\` sends delivered events again): ${r.delivered.join(', ')}`);
  return `${out.join('\n')}\n`;
}

export function retryCommand(): Command {
  return withWorldFlags(new Command('retry'))
    .description("Send dead and still-owed deliveries again now: named ones, one session's, or every dead one.")
    .argument('[ids...]', 'delivery ids (the ID column of `events list`)')
    .option('--session <id>', 'every dead or owed delivery of this session')
    .option('--dead', 'every dead delivery')
    .option('-y, --yes', 'do it without asking (--session and --dead ask first, or refuse without a terminal)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        "  openccc events retry '7f6c2c1e-...-5>1400000000/webhook/0a1b2c3d4e5f' --config world.yaml",
        '  openccc events retry --dead --yes --config world.yaml',
        '  openccc events retry --session 7f6c2c1e-... --data-dir ./data --yes',
        '',
        'Each delivery becomes due now with a fresh attempt count, and its max age (maxAgeHours) counts',
        'again from now. Delivered ones stay delivered (`events replay` sends them again). An attempt in',
        "flight is left to finish. Order per call is kept: a call's later events wait for its earlier ones.",
        PICKUP,
        'SQLite admits one process: stop `serve` first, or use Postgres storage to retry while it runs.',
        'Exit 0 done (or nothing to do), 1 an unknown id or session (nothing changed) or an unreadable database, 2 bad usage.',
      ].join('\n'),
    )
    .action(async (ids: string[], flags: RequeueFlags & { session?: string; dead?: boolean }) => {
      const ways = [ids.length > 0, flags.session !== undefined, flags.dead === true].filter(Boolean).length;
      if (ways !== 1) throw new CliError('events retry takes delivery ids, or --session ID, or --dead (one of them)', 2);
      const target = worldTarget('events retry', flags);
      const which: RetrySelection = flags.dead ? { dead: true } : flags.session !== undefined ? { sessionId: flags.session } : { ids };
      // Named ids are the operator's explicit choice; a session's or every dead one are asked for.
      let declined = false;
      const confirm = 'ids' in which ? async () => true : confirmation(flags, 'retry', () => (declined = true));
      const r = await onWorld(() => retryDeliveries(target, which, confirm));
      process.stdout.write(requeueText(r, 'retry', declined));
    });
}

export function replayCommand(): Command {
  return withWorldFlags(new Command('replay'))
    .description('Send every delivery of one session again, delivered ones too, under the same event ids.')
    .argument('<sessionId>', 'the session whose events (and data pushes) to send again')
    .option('--endpoint <id>', 'only its deliveries to this endpoint (as `events list` shows it)')
    .option('-y, --yes', 'do it without asking (refuses without a terminal otherwise)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  openccc events replay 7f6c2c1e-... --config world.yaml --yes',
        '  openccc events replay 7f6c2c1e-... --endpoint 1400000000/webhook/0a1b2c3d4e5f --config world.yaml --yes',
        '',
        'For a receiver that lost what it stored (or restored a backup): it gets the whole call again,',
        'in seq order per endpoint, with the same event ids (webhook `id`, data push X-TCCC-PUSH-UUID),',
        'so it can drop the ones it already has. Each delivery starts over: due now, fresh attempts and max age.',
        PICKUP,
        'SQLite admits one process: stop `serve` first, or use Postgres storage to replay while it runs.',
        'Exit 0 done, 1 no deliveries of that session (or endpoint) or an unreadable database, 2 bad usage.',
      ].join('\n'),
    )
    .action(async (sessionId: string, flags: RequeueFlags & { endpoint?: string }) => {
      const target = worldTarget('events replay', flags);
      const replay = flags.endpoint === undefined ? { sessionId } : { sessionId, endpointId: flags.endpoint };
      let declined = false;
      const r = await onWorld(() =>
        replaySession(
          target,
          replay,
          confirmation(flags, 'replay', () => (declined = true)),
        ),
      );
      process.stdout.write(requeueText(r, 'replay', declined));
    });
}
