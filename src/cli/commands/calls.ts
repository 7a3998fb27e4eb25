import { Command } from 'commander';
import { loadConfigFile } from '../../app/config/load.ts';
import { showCall } from '../../app/use-cases/show-call.ts';
import { StoredWorldError, storedWorldTarget } from '../../app/use-cases/stored-world.ts';
import { CliError } from '../cli-error.ts';
import { callReportText } from './call-report-text.ts';

interface ShowFlags {
  config?: string;
  dataDir?: string;
  json?: boolean;
  messages?: boolean;
}

export function callsCommand(): Command {
  const calls = new Command('calls').description('Look at stored calls (sessions, their CDR state and call traces).');
  calls
    .command('show')
    .description('Print one call: its session and line outcome, lifecycle events, SIP ladder and RTP figures.')
    .argument('<sessionId>', "the SessionId CreateIVRSession returned (or an inbound call's)")
    .option('-c, --config <file>', 'world config YAML: its storage (or server.dataDir) says where the database is')
    .option('-d, --data-dir <dir>', 'directory of the default SQLite database (overrides server.dataDir; enough on its own)')
    .option('--messages', 'print the text of every SIP message kept, after the ladder')
    .option('--json', 'print the session, events and trace as JSON')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  openccc calls show 7f6c2c1e-... --config examples/demo/world.yaml',
        '  openccc calls show 7f6c2c1e-... --data-dir ./data --messages',
        '',
        'The SIP ladder and RTP figures are kept for calls on the sip carrier (the first and last 50',
        'messages of each call); simulated calls have none. SQLite admits one process: stop `serve`',
        'first, or use Postgres storage to read calls while it runs.',
        'Exit 0 found, 1 no such session (or the database cannot be read), 2 bad usage.',
      ].join('\n'),
    )
    .action(async (sessionId: string, flags: ShowFlags) => {
      if (flags.config === undefined && flags.dataDir === undefined)
        throw new CliError('calls show needs --config FILE or --data-dir DIR', 2);
      const target = storedWorldTarget(flags.config === undefined ? undefined : loadConfigFile(flags.config), flags.dataDir);
      let report;
      try {
        report = await showCall(target, sessionId);
      } catch (err) {
        if (err instanceof StoredWorldError) throw new CliError(err.message, 1);
        throw err;
      }
      if (!report) throw new CliError(`no session ${sessionId} in this database`, 1);
      process.stdout.write(
        flags.json ? `${JSON.stringify(report, null, 2)}\n` : callReportText(report, { messages: flags.messages === true }),
      );
    });
  return calls;
}
