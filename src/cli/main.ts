import { Command, CommanderError } from 'commander';
import { ConfigError } from '../app/config/config-error.ts';
import { CliError } from './cli-error.ts';
import { serveCommand } from './commands/serve.ts';
import { demoCommand } from './commands/demo.ts';
import { ivrCommand } from './commands/ivr.ts';
import { dbCommand } from './commands/db.ts';
import { rulesCommand } from './commands/rules.ts';
import { callsCommand } from './commands/calls.ts';
import { eventsCommand } from './commands/events.ts';

/** Exit codes: 0 ok, 1 runtime failure, 2 bad usage or invalid config. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('openccc')
    .description('Self-hosted contact-center voice engine, wire-compatible with Tencent Cloud Contact Center (ccc 2020-02-10).')
    .version('0.1.0', '-v, --version')
    .showHelpAfterError()
    .exitOverride()
    .addCommand(serveCommand())
    .addCommand(demoCommand())
    .addCommand(ivrCommand())
    .addCommand(dbCommand())
    .addCommand(rulesCommand())
    .addCommand(callsCommand())
    .addCommand(eventsCommand());
  for (const sub of program.commands) applyExitOverride(sub);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version "fail" with code 0 by design.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`openccc: invalid configuration\n${err.message}\n`);
      return 2;
    }
    if (err instanceof CliError) {
      process.stderr.write(`openccc: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`openccc: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

function applyExitOverride(cmd: Command): void {
  cmd.exitOverride().showHelpAfterError();
  for (const sub of cmd.commands) applyExitOverride(sub);
}
