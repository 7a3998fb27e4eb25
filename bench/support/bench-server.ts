// The server side of bench/api.ts, in its own process so client and server each get a core.
// Prints {"port": N} once listening; stops on SIGTERM.
import { loadConfigFile } from '../../src/app/config/load.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { startServer } from '../../src/cli/start-server.ts';

const [configFile] = process.argv.slice(2);
if (!configFile) throw new Error('usage: bench-server.ts WORLD.yaml');
const server = await startServer({ loaded: loadConfigFile(configFile), listen: '127.0.0.1:0', logger: createLogger('error') });
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.on('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
