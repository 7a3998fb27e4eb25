// The ceiling of bench/write-path.ts: bare Fastify with the gateway's own TC3 verifier, answering a
// trivial action. Whatever CreateIVRSession does beyond this (validation, rules, the call, storage)
// is what the ratio to it measures. Prints {"port": N} once listening; stops on SIGTERM.
import Fastify from 'fastify';
import { verifyTc3 } from '../../src/gateway/auth/tc3.ts';
import { successBody } from '../../src/gateway/envelope.ts';
import { newRequestId } from '../../src/shared/ids.ts';
import { BENCH_ID, BENCH_KEY } from './server-process.ts';

const WINDOW_SEC = 300;
const counts = new Map<string, number>();
const server = Fastify({ logger: false });
server.removeAllContentTypeParsers();
server.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
server.post('/', async (req, reply) => {
  const auth = verifyTc3(
    {
      method: req.method,
      path: req.url,
      rawQuery: '',
      headers: req.headers as Record<string, string | undefined>,
      body: req.body as Buffer,
    },
    (id) => (id === BENCH_ID ? BENCH_KEY : undefined),
    Math.floor(Date.now() / 1000),
    WINDOW_SEC,
  );
  const code = auth.ok ? 'ok' : auth.code;
  counts.set(code, (counts.get(code) ?? 0) + 1);
  return reply
    .code(200)
    .header('content-type', 'application/json; charset=utf-8')
    .send(successBody(newRequestId(), { Ok: auth.ok }));
});
// The same shape as the real server's counter and CPU time (prom-client's), so the bench reads both the same way.
server.get('/metrics', async () => {
  const cpu = process.cpuUsage();
  const lines = [...counts].map(([code, n]) => `openccc_api_requests_total{action="Ceiling",code="${code}"} ${n}`);
  lines.push(`openccc_process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`);
  return lines.join('\n') + '\n';
});
await server.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ port: (server.server.address() as { port: number }).port })}\n`);
process.on('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
