import tencentcloud from 'tencentcloud-sdk-nodejs';
import { loadConfigFile } from '../../../src/app/config/load.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../../src/cli/start-server.ts';
import { SECRET_ID, SECRET_KEY, writeTestWorld, type WorldOptions } from './test-world.ts';

export type CccClient = InstanceType<typeof tencentcloud.ccc.v20200210.Client>;

export interface LiveWorld {
  server: RunningServer;
  /** The official SDK client pointed at the live server. */
  client: CccClient;
  clientFor(
    secretId: string,
    secretKey: string,
    signMethod?: 'TC3-HMAC-SHA256' | 'HmacSHA1' | 'HmacSHA256',
    reqMethod?: 'POST' | 'GET',
  ): CccClient;
  dataDir: string;
  file: string;
  stop(): Promise<void>;
}

/** Starts openccc on a random loopback port with the contract-test world; `more` adds server options (a clock, a logger, cluster tuning). */
export async function startLiveWorld(opts: WorldOptions = {}, more: Partial<ServerOptions> = {}): Promise<LiveWorld> {
  const world = writeTestWorld(opts);
  const server = await startServer({ loaded: loadConfigFile(world.file), listen: '127.0.0.1:0', logger: silentLogger, ...more });
  const endpoint = `127.0.0.1:${server.port}`;
  const clientFor: LiveWorld['clientFor'] = (secretId, secretKey, signMethod = 'TC3-HMAC-SHA256', reqMethod = 'POST') =>
    new tencentcloud.ccc.v20200210.Client({
      credential: { secretId, secretKey },
      region: 'ap-guangzhou',
      profile: { signMethod, httpProfile: { endpoint, protocol: 'http://', reqMethod, reqTimeout: 10 } },
    });
  return {
    server,
    client: clientFor(SECRET_ID, SECRET_KEY),
    clientFor,
    dataDir: `${world.dir}/data`,
    file: world.file,
    async stop() {
      await server.close();
      world.cleanup();
    },
  };
}

/** The code of an SDK error (TencentCloudSDKHttpException.code). */
export async function errorCodeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code ?? `no code: ${(err as Error).message}`;
  }
  return 'no error';
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
