import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Clock } from '../shared/clock.ts';

/** What came back from one POST: the status and the body (read whole, so the connection is reused). */
export interface HttpAnswer {
  status: number;
  body: string;
}

export interface HttpPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** Why a POST got no answer, in a few words an operator reads in `openccc events show`. */
export class PostFailed extends Error {}

/** A receiver's answer is read up to this much; the rest is dropped (only the start is ever looked at). */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs over node:http(s) with keep-alive pools it owns. Not fetch: on the loaded bench machine
 * fetch (undici) managed ~1,200 small POSTs/s where node:http did ~6,000. The timeout runs on the
 * injected clock and covers the whole exchange, answer included, so a receiver that trickles its
 * answer cannot hold a delivery past its lease. close() drops the idle connections; idempotent.
 */
export class HttpPoster {
  private readonly http = new HttpAgent({ keepAlive: true });
  private readonly https = new HttpsAgent({ keepAlive: true });

  constructor(private readonly clock: Clock) {}

  post(req: HttpPost): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      let url: URL;
      try {
        url = new URL(req.url);
      } catch {
        reject(new PostFailed(`not a URL: ${req.url}`));
        return;
      }
      const secure = url.protocol === 'https:';
      const body = Buffer.from(req.body, 'utf8');
      let timedOut = false;
      const r = (secure ? httpsRequest : httpRequest)(
        url,
        { method: 'POST', agent: secure ? this.https : this.http, headers: { ...req.headers, 'content-length': String(body.length) } },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            if (size < MAX_ANSWER_BYTES) chunks.push(c);
            size += c.length;
          });
          res.on('end', () => {
            this.clock.clearTimer(timer);
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', fail);
        },
      );
      const timer = this.clock.setTimer(req.timeoutMs, () => {
        timedOut = true;
        r.destroy();
      });
      function fail(err: Error): void {
        // The timer may already have fired; clearing a fired handle is harmless.
        reject(new PostFailed(timedOut ? `timeout after ${req.timeoutMs} ms` : ((err as { code?: string }).code ?? err.message)));
      }
      r.on('error', (err) => {
        this.clock.clearTimer(timer);
        fail(err);
      });
      r.end(body);
    });
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

/** An answer body as an error message: short, one line. */
export function excerpt(body: string, max = 200): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
