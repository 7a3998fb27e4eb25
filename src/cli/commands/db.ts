import { Command } from 'commander';
import { loadConfigFile } from '../../app/config/load.ts';
import { migrateDatabase } from '../../app/use-cases/migrate-database.ts';

export function dbCommand(): Command {
  const db = new Command('db').description('Database maintenance.');
  db.command('migrate')
    .description('Bring the database schema of a world up to date (serve does this at start too).')
    .requiredOption('-c, --config <file>', 'world config YAML')
    .option('-d, --data-dir <dir>', 'directory of the default SQLite database (overrides server.dataDir)')
    .action(async (opts: { config: string; dataDir?: string }) => {
      const where = await migrateDatabase(loadConfigFile(opts.config), opts.dataDir);
      process.stdout.write(`schema up to date: ${where}\n`);
    });
  return db;
}
