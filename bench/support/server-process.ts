// What the benchmarks that drive a whole server share: a world file for the bench credentials,
// the server in its own process (so client and server each get a core), and signed headers.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { signTc3 } from '../../test/support/sign-tc3.ts';

export const BENCH_ID = 'AKIDbench000000000000000000001';
export const BENCH_KEY = 'benchSecretKey000000000000000001';
export const BENCH_APP = 1400000000;

/** A world with one advanced app, IVR 4500 running `flowPath`, limits raised, and a sim carrier whose callees do `defaultOutcome`. */
export function writeBenchWorld(
  dir: string,
  opts: {
    flowPath: string;
    ivrName: string;
    defaultOutcome: string;
    /** A `storage:` value (YAML flow); default: SQLite in the data directory. */
    storage?: string;
    /** The app's `webhooks:` value (YAML flow); default: none. */
    webhooks?: string;
    /** The world file's name in `dir`. */
    name?: string;
    /** How many caller numbers the app has (`0086100` and 8 digits); default: two. */
    numbers?: number;
    /** More keys of the app (YAML lines, unindented); default: none. */
    appYaml?: string;
    /** More top-level keys (YAML lines); default: none. */
    extraYaml?: string;
  },
): string {
  const file = join(dir, opts.name ?? 'world.yaml');
  const numbers =
    opts.numbers === undefined
      ? '{ number: "008610000000001" }, { number: "008610000000002" }'
      : Array.from({ length: opts.numbers }, (_, i) => `{ number: "0086100${String(i).padStart(8, '0')}" }`).join(', ');
  const appYaml = opts.appYaml ? `${opts.appYaml.replace(/^/gm, '    ')}\n` : '';
  writeFileSync(
    file,
    `
server: { dataDir: ${JSON.stringify(join(dir, opts.name ? `${opts.name}.data` : 'data'))} }
${opts.storage ? `storage: ${opts.storage}\n` : ''}credentials: [{ secretId: ${BENCH_ID}, secretKey: ${BENCH_KEY} }]
apps:
  - sdkAppId: ${BENCH_APP}
    edition: advanced
    packageExpiresAt: "2099-01-01"
    credentials: [${BENCH_ID}]
    numbers: [${numbers}]
    ivrs: [{ id: 4500, name: ${opts.ivrName}, type: autoOutbound, flow: ${JSON.stringify(opts.flowPath)} }]
${appYaml}${opts.webhooks ? `    webhooks: ${opts.webhooks}\n` : ''}${opts.extraYaml ? `${opts.extraYaml}\n` : ''}limits: { default: 10000000 }
carrier:
  kind: sim
  sim:
    maxConcurrentCalls: 1000000
    defaultOutcome: ${opts.defaultOutcome}
`,
  );
  return file;
}

export interface ServerProcess {
  port: number;
  child: ChildProcess;
  /** SIGTERM, resolved when the process has exited. */
  stop(): Promise<void>;
}

/** Starts bench/support/bench-server.ts on `world`; BENCH_PROFILE=DIR writes a V8 CPU profile of it there. */
export function startServerProcess(world: string): Promise<ServerProcess> {
  return startBenchProcess('bench-server.ts', [world]);
}

/**
 * Starts `script` (in bench/support/) in its own process; it prints {"port": N} once listening.
 * BENCH_PROFILE=DIR writes a V8 CPU profile of it there.
 */
export async function startBenchProcess(
  script: string,
  args: readonly string[] = [],
  opts: { profile?: boolean } = {},
): Promise<ServerProcess> {
  const profile = process.env.BENCH_PROFILE && (opts.profile ?? true) ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', resolve(import.meta.dirname, script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((ok, fail) => {
    createInterface({ input: child.stdout! }).once('line', ok);
    child.once('exit', (code) => fail(new Error(`bench server exited with ${code}`)));
  });
  const { port } = JSON.parse(line) as { port: number };
  const stop = () =>
    new Promise<void>((ok) => {
      if (child.exitCode !== null) return ok();
      child.once('exit', () => ok());
      child.kill('SIGTERM');
    });
  return { port, child, stop };
}

/** TC3-signed headers for one request with the bench credentials. */
export function signedHeaders(port: number, action: string, body: string): Record<string, string> {
  return signTc3({
    secretId: BENCH_ID,
    secretKey: BENCH_KEY,
    host: `127.0.0.1:${port}`,
    service: '127',
    action,
    version: '2020-02-10',
    timestampSec: Math.floor(Date.now() / 1000),
    body,
  });
}
