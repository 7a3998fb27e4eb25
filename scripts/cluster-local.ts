/**
 * `npm run cluster:local`: several openccc servers as one service on this machine (docs/cluster.md).
 * Writes one config per server from examples/cluster/world.yaml (its own node id, the shared
 * Postgres schema and Redis, a key pair made once), starts each with `openccc serve`, and puts a
 * round-robin front door before them. Ctrl-C stops them all cleanly (SIGTERM each).
 *
 *   npm run cluster:local                        # 2 servers behind http://127.0.0.1:8080
 *   npm run cluster:local -- --nodes 3 --port 9000
 *   --postgres URL   (default $OPENCCC_PG_URL or postgres://postgres@127.0.0.1:5432/postgres)
 *   --redis URL      (default redis://127.0.0.1:6379)
 *   --schema NAME    (default openccc_cluster_local; --fresh drops it first)
 *   --once           place one call through the front door on each server's turn, print the CDRs, stop
 *   --free-ports     front door and servers on free ports (tests use it)
 *   --data-dir DIR   (default .openccc/cluster-local)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import tencentcloud from 'tencentcloud-sdk-nodejs';
import { parse, stringify } from 'yaml';
import { demoCredentials } from '../src/cli/commands/demo-credentials.ts';
import { waitForSignal } from '../src/cli/commands/wait-for-signal.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { FrontDoor } from './support/front-door.ts';

const WORLD = fileURLToPath(new URL('../examples/cluster/world.yaml', import.meta.url));
const SDK_APP_ID = 1400000000;
const IVR_ID = 4500;

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const value = (name: string, fallback: string) => (args.includes(name) ? (args[args.indexOf(name) + 1] ?? fallback) : fallback);
const out = (line: string) => process.stdout.write(`${line}\n`);

interface WorldYaml {
  server: { listen: string; dataDir: string };
  credentials: { secretId: string; secretKey: string }[];
  apps: { credentials: string[]; ivrs: { flow: string }[] }[];
  storage: { postgres: string; schema: string };
  redis: { url: string };
  cluster: { nodeId: string } & Record<string, unknown>;
}

async function main(): Promise<number> {
  const nodes = Number(value('--nodes', '2'));
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 16) return usage('--nodes takes a whole number from 1 to 16');
  const freePorts = flag('--free-ports');
  const port = Number(value('--port', '8080'));
  const postgres = value('--postgres', process.env.OPENCCC_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const redis = value('--redis', 'redis://127.0.0.1:6379');
  const schema = value('--schema', 'openccc_cluster_local');
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) return usage('--schema takes a lower-case SQL identifier');
  const dataDir = resolve(value('--data-dir', '.openccc/cluster-local'));

  const problem = await postgresProblem(postgres, flag('--fresh') ? schema : undefined);
  if (problem) {
    out(`cluster:local needs Postgres: ${problem}\n(pass --postgres URL, or start one: apt-get install postgresql)`);
    return 1;
  }
  const creds = demoCredentials(dataDir);
  const base = parse(readFileSync(WORLD, 'utf8')) as WorldYaml;
  const servers: ServerProcess[] = [];
  let door: FrontDoor | undefined;
  const stopAll = async () => {
    await door?.close();
    await Promise.allSettled(servers.map((s) => s.stop('SIGTERM')));
  };
  try {
    for (let i = 1; i <= nodes; i++) {
      const nodeId = `node-${i}`;
      const listen = `127.0.0.1:${freePorts ? await freePort() : port + i}`;
      const file = writeNodeConfig(base, { nodeId, dataDir, listen, postgres, schema, redis, creds });
      out(`starting ${nodeId} on http://${listen} ...`);
      const server = await startServerProcess({
        config: file,
        dataDir: join(dataDir, nodeId),
        listen,
        secretId: creds.secretId,
        secretKey: creds.secretKey,
      });
      servers.push(server);
    }
    door = await FrontDoor.open(
      '127.0.0.1',
      freePorts ? 0 : port,
      servers.map((s) => s.url),
    );
    const endpoint = `127.0.0.1:${door.port}`;
    out(banner(endpoint, creds, servers, schema));
    if (flag('--once')) return await placeOneCallEach(endpoint, creds, servers.length);
    await waitForSignal();
    out('stopping every server (SIGTERM): live calls are hung up and their CDRs written ...');
    return 0;
  } finally {
    await stopAll();
  }
}

/** One config per server: the example with this server's node id and listen address, absolute flow paths. */
function writeNodeConfig(
  base: WorldYaml,
  n: {
    nodeId: string;
    dataDir: string;
    listen: string;
    postgres: string;
    schema: string;
    redis: string;
    creds: { secretId: string; secretKey: string };
  },
): string {
  const world = structuredClone(base);
  world.server = { ...world.server, listen: n.listen, dataDir: join(n.dataDir, n.nodeId) };
  world.credentials = [{ ...n.creds }];
  for (const app of world.apps) {
    app.credentials = [n.creds.secretId];
    for (const ivr of app.ivrs) if (!isAbsolute(ivr.flow)) ivr.flow = resolve(dirname(WORLD), ivr.flow);
  }
  world.storage = { postgres: n.postgres, schema: n.schema };
  world.redis = { url: n.redis };
  world.cluster = { ...world.cluster, nodeId: n.nodeId };
  mkdirSync(n.dataDir, { recursive: true });
  const file = join(n.dataDir, `${n.nodeId}.yaml`);
  writeFileSync(file, `# Written by npm run cluster:local from ${WORLD}; edit that file instead.\n${stringify(world)}`);
  return file;
}

/** --once: as many calls as servers through the front door (so each server takes one), then their CDRs. */
async function placeOneCallEach(endpoint: string, creds: { secretId: string; secretKey: string }, count: number): Promise<number> {
  const client = new tencentcloud.ccc.v20200210.Client({
    credential: creds,
    region: 'ap-guangzhou',
    profile: { httpProfile: { endpoint, protocol: 'http://' } },
  });
  const sessionIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const callee = `+86138001380${String(i).padStart(2, '0')}`;
    const { SessionId } = await client.CreateIVRSession({ SdkAppId: SDK_APP_ID, Callee: callee, IVRId: IVR_ID });
    out(`CreateIVRSession ${callee} -> ${SessionId}`);
    sessionIds.push(SessionId!);
  }
  const deadline = Date.now() + 120_000;
  for (;;) {
    const now = Math.floor(Date.now() / 1000);
    const cdr = await client.DescribeTelCdr({
      SdkAppId: SDK_APP_ID,
      StartTimeStamp: now - 3600,
      EndTimeStamp: now + 60,
      PageSize: 100,
      PageNumber: 0,
      SessionIds: sessionIds,
    });
    if ((cdr.TelCdrList?.length ?? 0) === sessionIds.length) {
      for (const row of cdr.TelCdrList ?? []) out(`CDR ${row.SessionId}: EndStatus ${row.EndStatus} (${row.EndStatusString})`);
      return cdr.TelCdrList!.every((row) => row.EndStatus === 107 || row.EndStatus === 1) ? 0 : 1;
    }
    if (Date.now() > deadline) {
      out(`only ${cdr.TelCdrList?.length ?? 0} of ${sessionIds.length} CDRs after 120 s`);
      return 1;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function postgresProblem(url: string, dropSchema: string | undefined): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    if (dropSchema) await client.query(`drop schema if exists ${dropSchema} cascade`);
    return undefined;
  } catch (err) {
    return `${url}: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    await client.end().catch(() => {});
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

function banner(endpoint: string, creds: { secretId: string; secretKey: string }, servers: ServerProcess[], schema: string): string {
  return `
openccc cluster: ${servers.length} servers behind http://${endpoint}   (Ctrl-C to stop)
${servers.map((s, i) => `  node-${i + 1}  ${s.url}  (pid ${s.pid})`).join('\n')}
  Postgres schema ${schema}, shared Redis; SdkAppId ${SDK_APP_ID}, IVRId ${IVR_ID}

  SecretId   ${creds.secretId}
  SecretKey  ${creds.secretKey}

Point the SDK at http://${endpoint}: any server answers any request (docs/cluster.md).
Try: kill -9 one server's pid while a call to +8613900000009 rings; a survivor closes it with a CDR.
`;
}

function usage(message: string): number {
  out(
    `cluster:local: ${message}\nusage: npm run cluster:local -- [--nodes N] [--port P] [--postgres URL] [--redis URL] [--schema NAME] [--fresh] [--once]`,
  );
  return 2;
}

process.exitCode = await main();
