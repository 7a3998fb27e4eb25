import { resolve } from 'node:path';
import { Command } from 'commander';
import { loadConfigFile } from '../../app/config/load.ts';
import { openStorage } from '../../storage/open-storage.ts';
import { storageConfigOf } from '../storage-config.ts';

export function dbCommand(): Command {
  const db = new Command('db').description('Database maintenance.');
  db.command('migrate')
    .description('Bring the database schema of a world up to date (serve does this at start too).')
    .requiredOption('-c, --config <file>', 'world config YAML')
    .option('-d, --data-dir <dir>', 'directory of the default SQLite database (overrides server.dataDir)')
    .action(async (opts: { config: string; dataDir?: string }) => {
      const loaded = loadConfigFile(opts.config);
      const dataDir = resolve(opts.dataDir ?? resolve(loaded.baseDir, loaded.config.server.dataDir));
      const target = storageConfigOf(loaded, dataDir);
      const storage = await openStorage(target);
      await storage.close();
      const where = target.kind === 'sqlite' ? target.path : target.url.replace(/\/\/[^@/]*@/, '//***@');
      process.stdout.write(`schema up to date: ${target.kind} ${where}\n`);
    });
  return db;
}
