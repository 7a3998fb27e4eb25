import { randomUUID } from 'node:crypto';

/** RequestId as Tencent Cloud returns it: a lowercase UUID with dashes. */
export function newRequestId(): string {
  return randomUUID();
}

/** SessionId as TCCC returns it: 32 lowercase hex digits (a UUID without dashes). */
export function newSessionId(): string {
  return randomUUID().replaceAll('-', '');
}
