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

/**
 * POSTs once (fetch, i.e. undici, with its keep-alive pool). The timeout runs on the injected
 * clock and covers the whole exchange, answer body included, so a receiver that trickles its
 * answer cannot hold a delivery past its lease.
 */
export async function post(req: HttpPost, clock: Clock): Promise<HttpAnswer> {
  const abort = new AbortController();
  const timer = clock.setTimer(req.timeoutMs, () => abort.abort());
  try {
    const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, signal: abort.signal, redirect: 'manual' });
    return { status: res.status, body: await res.text() };
  } catch (err) {
    if (abort.signal.aborted) throw new PostFailed(`timeout after ${req.timeoutMs} ms`);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new PostFailed(cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err)));
  } finally {
    clock.clearTimer(timer);
  }
}

/** An answer body as an error message: short, one line. */
export function excerpt(body: string, max = 200): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
