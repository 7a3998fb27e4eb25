import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ApiError } from '../shared/errors.ts';
import { newRequestId } from '../shared/ids.ts';
import type { Logger } from '../shared/logger.ts';
import type { AppContext } from '../app/app-context.ts';
import { handleApiRequest, type GatewayDeps } from './api-request.ts';
import { apiErrorBody } from './envelope.ts';
import { GatewayMetrics } from './metrics.ts';
import type { ApiRateLimiter } from './rate-limit.ts';
import type { ReplayGuard } from './replay-guard.ts';
import type { HttpRequestView } from './auth/tc3.ts';
import { registerRecordingDownload } from './recording-download.ts';

export interface GatewayOptions {
  app: AppContext;
  limiter: ApiRateLimiter;
  replay: ReplayGuard;
  bodyLimitBytes: number;
  timestampWindowSec: number;
  logger: Logger;
}

function viewOf(req: FastifyRequest): HttpRequestView {
  const q = req.url.indexOf('?');
  return {
    method: req.method,
    path: q < 0 ? req.url : req.url.slice(0, q),
    rawQuery: q < 0 ? '' : req.url.slice(q + 1),
    headers: req.headers as Record<string, string | undefined>,
    body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
  };
}

/**
 * The HTTP face of openccc: Tencent Cloud API 3.0 on `/`, Prometheus on `/metrics`, liveness on
 * `/healthz`, readiness on `/readyz`, signed recording downloads on `/recordings/`. Only `/`
 * speaks the API envelope; the other routes need no signature and answer plain HTTP.
 */
export function buildGateway(opts: GatewayOptions): FastifyInstance {
  const server = Fastify({ bodyLimit: opts.bodyLimitBytes, logger: false, return503OnClosing: false });
  const metrics = new GatewayMetrics(opts.app.metrics);
  const deps: GatewayDeps = {
    app: opts.app,
    limiter: opts.limiter,
    replay: opts.replay,
    timestampWindowSec: opts.timestampWindowSec,
    logger: opts.logger,
  };

  // Signatures cover the exact bytes sent, so every body is kept raw and parsed by the pipeline.
  server.removeAllContentTypeParsers();
  server.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const answer = (body: string, reply: FastifyReply) =>
    reply.code(200).header('content-type', 'application/json; charset=utf-8').send(body);

  server.route({
    method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
    url: '/',
    handler: async (req, reply) => {
      const started = process.hrtime.bigint();
      const result = await handleApiRequest(deps, viewOf(req));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.requests.inc({ action: result.action, code: result.code });
      metrics.latency.observe({ action: result.action }, seconds);
      opts.logger.debug({ requestId: result.requestId, action: result.action, code: result.code, ms: seconds * 1000 }, 'api request');
      const trace = req.headers['x-tc-traceid'];
      if (typeof trace === 'string') reply.header('x-tc-traceid', trace);
      return answer(result.body, reply);
    },
  });

  server.get('/metrics', async (_req, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  // Liveness: the process answers; no I/O, so a slow database never gets a live server restarted.
  server.get('/healthz', async () => ({ status: 'ok', activeCalls: opts.app.calls.count() }));
  // Readiness: whether to send this server traffic; 503 names the failed checks.
  server.get('/readyz', async (_req, reply) => {
    const report = await opts.app.readiness.check();
    return reply.code(report.ready ? 200 : 503).send({ status: report.ready ? 'ready' : 'notReady', checks: report.checks });
  });
  registerRecordingDownload(server, opts.app.recordings);

  // Framework-level failures (body too large, unreadable body) still answer in the API envelope.
  server.setErrorHandler((err: { code?: string; statusCode?: number }, req, reply) => {
    // Only the API route answers in the API envelope; /metrics and the health routes fail as plain HTTP.
    if (req.routeOptions.url !== '/') {
      opts.logger.error({ err, url: req.url }, 'gateway failure');
      return reply.code(err.statusCode !== undefined && err.statusCode >= 400 ? err.statusCode : 500).send({ error: 'internal error' });
    }
    const requestId = newRequestId();
    const apiErr =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? new ApiError('RequestSizeLimitExceeded', `The request body exceeds ${opts.bodyLimitBytes} bytes.`)
        : err.statusCode !== undefined && err.statusCode < 500
          ? new ApiError('InvalidParameter', 'The request could not be read.')
          : new ApiError('InternalError');
    if (apiErr.code === 'InternalError') opts.logger.error({ err, requestId }, 'gateway failure');
    metrics.requests.inc({ action: 'unknown', code: apiErr.code });
    return answer(apiErrorBody(requestId, apiErr), reply);
  });
  return server;
}
