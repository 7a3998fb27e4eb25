import { Command, Option } from 'commander';
import { loadConfigFile } from '../../app/config/load.ts';
import { createLogger } from '../../shared/logger.ts';
import { startServer } from '../start-server.ts';
import { waitForSignal } from './wait-for-signal.ts';

export function serveCommand(): Command {
  return new Command('serve')
    .description('Run the API server for a world config (credentials, apps, numbers, IVRs, rules, carrier, storage).')
    .requiredOption('-c, --config <file>', 'world config YAML (see docs/config.md)')
    .option('-l, --listen <host:port>', 'address to listen on (overrides server.listen)')
    .option('-d, --data-dir <dir>', 'directory for the SQLite database and state (overrides server.dataDir)')
    .addOption(new Option('--carrier <kind>', 'telephony carrier (overrides carrier.kind)').choices(['sim', 'sip']))
    .addHelpText(
      'after',
      '\nExample:\n  openccc serve --config examples/demo/world.yaml --listen 127.0.0.1:8080\n\nStops cleanly on SIGINT/SIGTERM: live calls are hung up (or drained first, cluster.shutdown.mode: drain) and their CDRs written.',
    )
    .action(async (opts: { config: string; listen?: string; dataDir?: string; carrier?: 'sim' | 'sip' }) => {
      const loaded = loadConfigFile(opts.config);
      const logger = createLogger(loaded.config.server.logLevel);
      const server = await startServer({ loaded, listen: opts.listen, dataDir: opts.dataDir, carrier: opts.carrier, logger });
      logger.info({ url: server.url }, 'openccc listening');
      const stop = await Promise.race([waitForSignal(), server.leaseLost.then(() => 'lease lost' as const)]);
      logger.info({ signal: stop }, 'shutting down');
      await server.close();
      // A lost lease is a failure: the process supervisor should restart it (a fresh run takes a new lease).
      if (stop === 'lease lost') process.exitCode = 1;
    });
}
