import type { Command } from 'commander';
import { loadConfigFile } from '../../app/config/load.ts';
import { StoredWorldError, storedWorldTarget } from '../../app/use-cases/stored-world.ts';
import { CliError } from '../cli-error.ts';

/** The flags that say which world's database a command reads: its config, or just a data directory. */
export interface WorldFlags {
  config?: string;
  dataDir?: string;
}

export function withWorldFlags(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'world config YAML: its storage (or server.dataDir) says where the database is')
    .option('-d, --data-dir <dir>', 'directory of the default SQLite database (overrides server.dataDir; enough on its own)');
}

/** The database the flags name (the app layer's StorageConfig). */
export function worldTarget(name: string, flags: WorldFlags): ReturnType<typeof storedWorldTarget> {
  if (flags.config === undefined && flags.dataDir === undefined) throw new CliError(`${name} needs --config FILE or --data-dir DIR`, 2);
  return storedWorldTarget(flags.config === undefined ? undefined : loadConfigFile(flags.config), flags.dataDir);
}

/** Runs a use case on the world's database; what it could not find or open is a runtime failure (exit 1). */
export async function onWorld<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof StoredWorldError) throw new CliError(err.message, 1);
    throw err;
  }
}
