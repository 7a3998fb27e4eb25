import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { loadConfigFile } from '../../app/config/load.ts';
import { createLogger } from '../../shared/logger.ts';
import { startServer } from '../start-server.ts';
import { useDemoCredentials } from './demo-credentials.ts';
import { demoConsole } from './demo-console.ts';
import { waitForSignal } from './wait-for-signal.ts';

const DEMO_WORLD = fileURLToPath(new URL('../../../examples/demo/world.yaml', import.meta.url));

export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'Start a ready demo world: SdkAppId 1400000000, IVRId 4500, simulated carrier, SQLite; prints credentials and an SDK snippet.',
    )
    .option('-l, --listen <host:port>', 'address to listen on', '127.0.0.1:8080')
    .option('-d, --data-dir <dir>', 'where the demo keeps its database and credentials', '.openccc/demo')
    .addHelpText('after', `\nThe world is ${DEMO_WORLD}; copy it to start your own (see docs/config.md).`)
    .action(async (opts: { listen: string; dataDir: string }) => {
      const dataDir = resolve(opts.dataDir);
      const loaded = loadConfigFile(DEMO_WORLD);
      const creds = useDemoCredentials(loaded, dataDir);
      const logger = createLogger(process.env.OPENCCC_LOG_LEVEL ?? 'warn');
      const out = (line: string) => process.stdout.write(`${line}\n`);
      const server = await startServer({ loaded, listen: opts.listen, dataDir, logger, observer: demoConsole(out) });
      out(banner(server.host, server.port, creds, dataDir));
      await waitForSignal();
      out('stopping: hanging up live calls and writing their CDRs ...');
      await server.close();
    });
}

function banner(host: string, port: number, creds: { secretId: string; secretKey: string }, dataDir: string): string {
  const endpoint = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return `
openccc demo is running on http://${endpoint}   (Ctrl-C to stop)

  SecretId   ${creds.secretId}
  SecretKey  ${creds.secretKey}
  SdkAppId   1400000000      IVRId 4500      data: ${dataDir}

Save this as try-openccc.mjs in this folder and run: node try-openccc.mjs
(elsewhere, first: npm install tencentcloud-sdk-nodejs)

import tencentcloud from 'tencentcloud-sdk-nodejs';
const client = new tencentcloud.ccc.v20200210.Client({
  credential: { secretId: '${creds.secretId}', secretKey: '${creds.secretKey}' },
  region: 'ap-guangzhou',
  profile: { httpProfile: { endpoint: '${endpoint}', protocol: 'http://' } },
});
const { SessionId } = await client.CreateIVRSession({ SdkAppId: 1400000000, Callee: '008612300000000', IVRId: 4500 });
console.log('SessionId', SessionId);
// The simulated callee answers after 2 s, listens, presses 1; the IVR says goodbye (about 20 s).
let status = '';
while (status !== 'finished') {
  await new Promise((r) => setTimeout(r, 2000));
  status = (await client.DescribeTelSession({ SdkAppId: 1400000000, SessionId })).Session.SessionStatus;
  console.log('status', status);
}
const now = Math.floor(Date.now() / 1000);
const cdr = await client.DescribeTelCdr({ SdkAppId: 1400000000, StartTimeStamp: now - 600, EndTimeStamp: now, PageSize: 10, PageNumber: 0, SessionIds: [SessionId] });
console.log(JSON.stringify(cdr.TelCdrList[0], null, 2));
// IVR 4500 records (record: true): RecordURL downloads the WAV, no credentials needed (silence on the simulated line).
console.log('curl -o call.wav "' + cdr.TelCdrList[0].RecordURL + '"');

Try other callees: +8613900000001 busy, ...0002 no answer, ...0003 power off, ...0005 rejects, ...0007 reschedules.
Session events appear below as they happen.
`;
}
