import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ErrorCode } from '../shared/errors.ts';
import { newRequestId } from '../shared/ids.ts';
import type { Recordings } from '../app/recordings/recordings.ts';
import { errorBody } from './envelope.ts';

type Refusal = Exclude<Awaited<ReturnType<Recordings['find']>>, { found: true }>['reason'];

/** How each refusal is answered: codes from the one error registry, HTTP status as a file server would. */
const REFUSALS: Record<Refusal, { status: number; code: ErrorCode; message: string }> = {
  unsigned: { status: 403, code: 'AuthFailure.SignatureFailure', message: 'The recording URL carries no expires and signature.' },
  badSignature: { status: 403, code: 'AuthFailure.SignatureFailure', message: 'The recording URL signature is invalid.' },
  expired: {
    status: 403,
    code: 'AuthFailure.SignatureExpire',
    message: 'The recording URL has expired; call DescribeTelCdr again for a fresh one.',
  },
  notFound: { status: 404, code: 'ResourceNotFound', message: 'The recording does not exist.' },
};

/** A single `bytes=` range (RFC 9110 §14.1.2) within a file of `size` bytes; null: unsatisfiable; undefined: serve it all. */
export function byteRange(header: string | undefined, size: number): { start: number; end: number } | null | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges, or a unit other than bytes: a server may ignore Range and send the whole file (§14.2).
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return null;
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return null;
  return { start, end };
}

/**
 * `GET /recordings/<RecordId>.wav?expires=&signature=`: the URL in a CDR's RecordURL. No API
 * credential: the signature in the query is the credential, checked (constant time) before
 * anything about the recording is looked up. The file streams from the path storage holds,
 * with Content-Length and single-range support so players can seek.
 */
export function registerRecordingDownload(server: FastifyInstance, recordings: Recordings): void {
  server.route<{ Params: { file: string }; Querystring: Record<string, unknown> }>({
    method: ['GET', 'HEAD'],
    url: '/recordings/:file',
    // HEAD is answered here, without reading the file (Fastify's own HEAD route would drain the stream).
    exposeHeadRoute: false,
    handler: async (req, reply) => {
      const found = await recordings.find(req.params.file, req.query.expires, req.query.signature);
      if (!found.found) return refuse(reply, found.reason);
      const { size, recording } = found;
      reply
        .header('content-type', 'audio/wav')
        .header('accept-ranges', 'bytes')
        // The URL itself is the secret: no shared cache may keep the recording.
        .header('cache-control', 'private, no-store');
      const range = byteRange(typeof req.headers.range === 'string' ? req.headers.range : undefined, size);
      if (range === null) return reply.code(416).header('content-range', `bytes */${size}`).send();
      if (range === undefined) {
        reply.code(200).header('content-length', size);
        return req.method === 'HEAD' ? reply.send() : reply.send(createReadStream(recording.path));
      }
      reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
        .header('content-length', range.end - range.start + 1);
      return reply.send(req.method === 'HEAD' ? undefined : createReadStream(recording.path, { start: range.start, end: range.end }));
    },
  });
}

function refuse(reply: FastifyReply, reason: Refusal): FastifyReply {
  const r = REFUSALS[reason];
  return reply
    .code(r.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(errorBody(newRequestId(), r.code, r.message));
}
