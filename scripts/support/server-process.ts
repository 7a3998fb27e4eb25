import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import tencentcloud from 'tencentcloud-sdk-nodejs';

/** The official SDK's ccc client. */
export type CccClient = InstanceType<typeof tencentcloud.ccc.v20200210.Client>;

const BIN = fileURLToPath(new URL('../../bin/openccc.mjs', import.meta.url));

export interface ServerProcessOptions {
  /** The world config file (one per node, or one shared when node ids come from the listen port). */
  config: string;
  dataDir: string;
  secretId: string;
  secretKey: string;
  /** Default 127.0.0.1:0 (a free port, read back from the "openccc listening" line). */
  listen?: string;
  env?: NodeJS.ProcessEnv;
  /** Default 30 s: a cold tsx start on a loaded 2-core machine is slow. */
  startTimeoutMs?: number;
}

/** One real `openccc serve` process, as an operator runs it, with an official SDK client pointed at it. */
export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly client: CccClient;
  readonly pid: number;
  /** Every line it printed (pino JSON), for assertions and for failure messages. */
  output(): string;
  /** Sends the signal and resolves with the exit code (or the signal's name) once it has exited. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | string>;
  /** SIGKILL: no shutdown code runs, as in a crash. */
  kill(): Promise<void>;
}

export async function startServerProcess(opts: ServerProcessOptions): Promise<ServerProcess> {
  const proc = spawn(
    process.execPath,
    [BIN, 'serve', '--config', opts.config, '--listen', opts.listen ?? '127.0.0.1:0', '--data-dir', opts.dataDir],
    {
      // info at least: the "openccc listening" line says which port it took (the test runner sets silent).
      env: { ...process.env, OPENCCC_LOG_LEVEL: 'info', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | string>((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const url = await listeningUrl(proc, () => out, exited, opts.startTimeoutMs ?? 30_000);
  const port = Number(new URL(url).port);
  const client = new tencentcloud.ccc.v20200210.Client({
    credential: { secretId: opts.secretId, secretKey: opts.secretKey },
    region: 'ap-guangzhou',
    profile: { httpProfile: { endpoint: `127.0.0.1:${port}`, protocol: 'http://', reqTimeout: 30 } },
  });
  let stopping: Promise<number | string> | undefined;
  const stop = (signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000) =>
    (stopping ??= (async () => {
      proc.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
      const result = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (result === 'timeout') {
        proc.kill('SIGKILL');
        throw new Error(`openccc (pid ${proc.pid}) did not exit within ${timeoutMs} ms of ${signal}:\n${tail(out)}`);
      }
      return result;
    })());
  return {
    url,
    port,
    client,
    pid: proc.pid!,
    output: () => out,
    stop,
    kill: async () => {
      await stop('SIGKILL');
    },
  };
}

function listeningUrl(proc: ChildProcess, out: () => string, exited: Promise<number | string>, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`openccc did not start listening within ${timeoutMs} ms:\n${tail(out())}`));
    }, timeoutMs);
    const check = () => {
      const m = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"openccc listening"|"msg":"openccc listening"[^\n]*"url":"(http:\/\/[^"]+)"/.exec(
        out(),
      );
      if (!m) return;
      clearTimeout(timer);
      proc.stdout!.off('data', check);
      resolve(m[1] ?? m[2]!);
    };
    proc.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`openccc exited (${code}) before listening:\n${tail(out())}`));
    });
  });
}

function tail(text: string): string {
  return text.split('\n').slice(-30).join('\n');
}
