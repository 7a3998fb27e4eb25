import { SIP_VERSION, type SipMessage } from './message.ts';

// A value holding CR or LF would split into forged header lines on the wire; such characters become SP.
function safe(v: string): string {
  return v.indexOf('\r') < 0 && v.indexOf('\n') < 0 ? v : v.replace(/[\r\n]/g, ' ');
}

/**
 * Writes a message as bytes: start line, one `Name: value` row per header (canonical names as stored),
 * CRLF line ends, and Content-Length always computed from the body (RFC 3261 §7.4.1, §20.14).
 */
export function serializeSipMessage(m: SipMessage): Buffer {
  let head = m.kind === 'request' ? `${m.method} ${safe(m.uri)} ${SIP_VERSION}\r\n` : `${SIP_VERSION} ${m.status} ${safe(m.reason)}\r\n`;
  const { names, keys, values } = m.headers;
  for (let i = 0; i < names.length; i++) {
    if (keys[i] === 'content-length') continue;
    head += `${names[i]}: ${safe(values[i] as string)}\r\n`;
  }
  head += `Content-Length: ${m.body.length}\r\n\r\n`;
  const headLength = Buffer.byteLength(head);
  const out = Buffer.allocUnsafe(headLength + m.body.length);
  out.write(head, 0, 'utf8');
  out.set(m.body, headLength);
  return out;
}
