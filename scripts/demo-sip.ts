/**
 * `npm run demo:sip`: a real call without a trunk. Starts a headless baresip softphone answering as
 * +8613800138000, starts openccc on the `sip` carrier (examples/demo-sip/world.yaml) pointed at it,
 * places CreateIVRSession through the official SDK, presses 1 on the softphone when the menu asks,
 * then prints the CDR and where the softphone's recording of what it heard is.
 *
 *   npm run demo:sip              # one call, then keeps running so you can place more with the SDK
 *   npm run demo:sip -- --once    # one call, then exits (0 when the call ended as the IVR planned)
 *   --free-ports                  # HTTP, SIP and softphone on free ports instead of the world's (tests use it)
 *   --data-dir DIR                # where the database, credentials and recordings go (default .openccc/demo-sip)
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import tencentcloud from 'tencentcloud-sdk-nodejs';
import wavefile from 'wavefile';
import { loadConfigFile } from '../src/app/config/load.ts';
import { BaresipSoftphone, freePort, hasBaresip } from '../src/cli/demo/baresip-softphone.ts';
import { demoConsole } from '../src/cli/commands/demo-console.ts';
import { useDemoCredentials } from '../src/cli/commands/demo-credentials.ts';
import { waitForSignal } from '../src/cli/commands/wait-for-signal.ts';
import { startServer } from '../src/cli/start-server.ts';
import { createLogger } from '../src/shared/logger.ts';

const WORLD = fileURLToPath(new URL('../examples/demo-sip/world.yaml', import.meta.url));
const SOFTPHONE = '+8613800138000';
const SDK_APP_ID = 1400000000;
const IVR_ID = 4500;

const once = process.argv.includes('--once');
const freePorts = process.argv.includes('--free-ports');
const dataDirArg = process.argv.includes('--data-dir') ? process.argv[process.argv.indexOf('--data-dir') + 1] : undefined;
const out = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  if (!hasBaresip()) {
    out('demo:sip needs the baresip softphone: apt-get install baresip-core (Debian/Ubuntu), then run it again.');
    return 2;
  }
  const loaded = loadConfigFile(WORLD);
  const sip = loaded.config.carrier.sip;
  if (!sip) throw new Error(`${WORLD} has no carrier.sip`);
  const dataDir = dataDirArg ? resolve(dataDirArg) : resolve(loaded.baseDir, loaded.config.server.dataDir);
  const creds = useDemoCredentials(loaded, dataDir);
  if (freePorts) {
    loaded.config.server.listen = '127.0.0.1:0';
    sip.listen = `127.0.0.1:${await freePort()}`;
    sip.port = await freePort();
  }

  out(`starting the softphone (baresip) as ${SOFTPHONE} on 127.0.0.1:${sip.port} ...`);
  const phone = await BaresipSoftphone.start({ user: SOFTPHONE, sipPort: sip.port });
  let sessionId = '';
  let keyPressed = false;
  let ended: (() => void) | undefined;
  const endedP = new Promise<void>((r) => (ended = r));
  const console_ = demoConsole(out);
  const server = await startServer({
    loaded,
    dataDir,
    logger: createLogger(process.env.OPENCCC_LOG_LEVEL ?? 'warn'),
    observer: {
      publish(n) {
        console_.publish(n);
        if (n.session.sessionId !== sessionId) return;
        if (n.type === 'session.keyPressed') keyPressed = true;
        if (n.type === 'session.ended') ended?.();
      },
    },
  });
  const close = async () => {
    await server.close();
    await phone.close();
  };
  try {
    const endpoint = `${server.host}:${server.port}`;
    out(`openccc is running on ${server.url} with the sip carrier on ${sip.listen}`);
    const client = new tencentcloud.ccc.v20200210.Client({
      credential: { secretId: creds.secretId, secretKey: creds.secretKey },
      region: 'ap-guangzhou',
      profile: { httpProfile: { endpoint, protocol: 'http://' } },
    });
    // The softphone presses 1 every 4 s once it has answered, until the IVR takes the key.
    phone.on('event', (e) => {
      if (e.type !== 'CALL_ESTABLISHED') return;
      const timer = setInterval(() => {
        if (keyPressed || !sessionId) return clearInterval(timer);
        out('softphone: pressing 1');
        phone.sendDigit('1').catch(() => clearInterval(timer));
      }, 4000);
      phone.once('event', function stop(ev) {
        if (ev.type === 'CALL_CLOSED') clearInterval(timer);
        else phone.once('event', stop);
      });
    });
    const created = await client.CreateIVRSession({ SdkAppId: SDK_APP_ID, Callee: '008613800138000', IVRId: IVR_ID });
    sessionId = created.SessionId ?? '';
    out(`CreateIVRSession -> SessionId ${sessionId}`);
    await endedP;
    await phone.waitFor('CALL_CLOSED', 5000).catch(() => undefined);
    const now = Math.floor(Date.now() / 1000);
    const cdr = await client.DescribeTelCdr({
      SdkAppId: SDK_APP_ID,
      StartTimeStamp: now - 3600,
      EndTimeStamp: now + 60,
      PageSize: 10,
      PageNumber: 0,
      SessionIds: [sessionId],
    });
    const row = cdr.TelCdrList?.[0];
    out('\nCDR (DescribeTelCdr):');
    out(JSON.stringify(row, null, 2));
    const heard = phone.recordings().heard.at(-1);
    if (heard) {
      mkdirSync(dataDir, { recursive: true });
      const keep = join(dataDir, `heard-${sessionId}.wav`);
      copyFileSync(heard, keep);
      const wav = new wavefile.WaveFile(readFileSync(keep));
      const samples = wav.getSamples(false, Int16Array) as unknown as Int16Array;
      let sum = 0;
      for (const s of samples) sum += s * s;
      const rms = samples.length ? Math.sqrt(sum / samples.length) / 32768 : 0;
      out(
        `\nWhat the softphone heard: ${keep} (${(samples.length / 8000).toFixed(1)} s, RMS ${rms.toFixed(3)}); play it with: play ${keep}`,
      );
    }
    // 107 ivrEnd: the IVR reached its hangup node, as flow 4500 does after the key.
    const ok = row?.EndStatus === 107 && keyPressed;
    if (once) return ok ? 0 : 1;
    out(`\nStill running: place more calls to Callee 008613800138000 with SecretId ${creds.secretId} (Ctrl-C to stop).`);
    await waitForSignal();
    return 0;
  } finally {
    await close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`demo:sip failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
