import type { CallTrace, MediaTraceFigures } from '../../domain/call-trace.ts';
import { endStatusString } from '../../domain/end-status.ts';
import type { LifecycleEvent } from '../../domain/lifecycle-event.ts';
import type { LineOutcome } from '../../domain/session.ts';
import type { CallReport } from '../../app/use-cases/show-call.ts';

/** `openccc calls show` as text: the session, its events, the SIP ladder as arrows, the media figures. */
export function callReportText(r: CallReport, opts: { messages?: boolean } = {}): string {
  const s = r.session;
  const out: string[] = [];
  out.push(`Session ${s.sessionId}`);
  const row = (k: string, v: string) => out.push(`  ${k.padEnd(11)}${v}`);
  row('direction', s.direction === 1 ? 'outbound (1)' : 'inbound (0)');
  row('app', `${s.sdkAppId}, IVR ${s.ivrId}`);
  row('caller', s.caller);
  row('callee', s.callee === s.calleeE164 ? s.callee : `${s.callee} (${s.calleeE164})`);
  row('state', s.status);
  row('EndStatus', s.endStatus === null ? '-' : `${s.endStatus} ${endStatusString(s.endStatus)}`);
  row('hung up by', s.hungUpSide ?? '-');
  row('line', lineText(s.lineOutcome));
  row('started', iso(s.startedAt));
  if (s.ringAt !== null) row('ringing', at(s.ringAt, s.startedAt));
  if (s.acceptAt !== null) row('answered', at(s.acceptAt, s.startedAt));
  if (s.endedAt !== null)
    row('ended', `${at(s.endedAt, s.startedAt)}${s.acceptAt !== null ? `, talked ${seconds(s.endedAt - s.acceptAt)}` : ''}`);
  if (s.keyPresses.length > 0) row('keys', s.keyPresses.map((k) => k.key).join(' '));

  out.push('', 'Events');
  if (r.events.length === 0) out.push('  none stored');
  for (const e of r.events) out.push(`  ${iso(e.occurredAt)}  ${rel(e.occurredAt, s.startedAt).padStart(9)}  ${eventText(e)}`);

  out.push('');
  if (!r.trace) {
    out.push('No call trace: only calls on the sip carrier keep one (simulated calls have none).');
    return `${out.join('\n')}\n`;
  }
  out.push(...ladderLines(r.trace.trace));
  if (opts.messages) out.push(...messageLines(r.trace.trace));
  out.push('', ...mediaLines(r.trace.trace.media));
  return `${out.join('\n')}\n`;
}

function ladderLines(t: CallTrace): string[] {
  const total = t.sip.length + t.sipDropped;
  const lines = [`SIP ladder (${total} message${total === 1 ? '' : 's'}${t.sipDropped > 0 ? `, ${t.sipDropped} not kept` : ''})`];
  if (t.sip.length === 0) return [...lines, '  no SIP message was recorded'];
  const t0 = t.sip[0]!.atMs;
  const width = Math.max(...t.sip.map((e) => e.remote.length));
  t.sip.forEach((e, i) => {
    if (t.sipDropped > 0 && i === t.sipDroppedAt) lines.push(`  ${''.padEnd(22)}… ${t.sipDropped} message(s) not kept …`);
    const arrow = e.direction === 'out' ? '──▶' : '◀──';
    lines.push(
      `  ${clock(e.atMs)} ${rel(e.atMs, t0).padStart(9)}  openccc ${arrow} ${e.remote.padEnd(width)}  ${e.startLine}${e.startLine.startsWith('SIP/') ? ` (${e.cseq})` : ''}  [${e.transport}, ${e.bytes} B]`,
    );
  });
  return lines;
}

function messageLines(t: CallTrace): string[] {
  const lines: string[] = [];
  t.sip.forEach((e, i) => {
    lines.push(
      '',
      `--- #${i + 1} ${e.direction === 'out' ? 'sent to' : 'received from'} ${e.remote} at ${iso(e.atMs)} (${e.transport}, ${e.bytes} B)`,
    );
    lines.push(...e.text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n'));
    if (e.textCutBytes) lines.push(`[${e.textCutBytes} more bytes not kept]`);
  });
  return lines;
}

function mediaLines(m: MediaTraceFigures | undefined): string[] {
  if (!m) return ['Media: none (the call had no RTP session)'];
  const lossPct =
    m.packetsReceived + m.packetsLost > 0 ? ` (${((100 * m.packetsLost) / (m.packetsReceived + m.packetsLost)).toFixed(1)}%)` : '';
  const lines = ['Media (RTP)'];
  if (m.codec !== undefined || m.local !== undefined || m.remote !== undefined)
    lines.push(
      `  ${[m.codec, m.local !== undefined && `local ${m.local}`, m.remote !== undefined && `remote ${m.remote}`].filter(Boolean).join(', ')}`,
    );
  lines.push(`  sent       ${m.packetsSent} packets, ${m.octetsSent} bytes`);
  lines.push(`  received   ${m.packetsReceived} packets, lost ${m.packetsLost}${lossPct}, jitter ${m.jitterMs.toFixed(1)} ms`);
  lines.push(`  latched    ${m.latched ? 'yes' : 'no (no RTP came from the far end)'}`);
  lines.push(`  DTMF       ${m.digitsReceived} received, ${m.digitsSent} sent`);
  lines.push(`  RTCP       ${m.rtcpSent} sent, ${m.rtcpReceived} received`);
  lines.push(
    `  problems   late ${m.late}, lost frames ${m.lostFrames}, duplicates ${m.duplicates}, invalid ${m.invalid}, ` +
      `unknown payload type ${m.unknownPayloadType}, foreign ${m.foreign}, socket errors ${m.socketErrors}`,
  );
  return lines;
}

function lineText(o: LineOutcome | null): string {
  if (!o) return '-';
  const parts = [
    o.sipStatus !== undefined ? `SIP ${o.sipStatus}` : undefined,
    o.q850Cause !== undefined ? `Q.850 cause ${o.q850Cause}` : undefined,
  ];
  return [...parts.filter(Boolean), o.reason].join(', ');
}

function eventText(e: LifecycleEvent): string {
  switch (e.type) {
    case 'session.keyPressed': {
      const k = (e as LifecycleEvent<'session.keyPressed'>).data;
      return `${e.type} ${k.key}${k.label !== undefined ? ` (${k.label})` : ''}`;
    }
    case 'session.ended': {
      const d = (e as LifecycleEvent<'session.ended'>).data;
      return `${e.type} ${d.endStatus} ${endStatusString(d.endStatus)}${d.hungUpSide ? `, hung up by ${d.hungUpSide}` : ''}`;
    }
    default:
      return e.type;
  }
}

const iso = (ms: number): string => new Date(ms).toISOString();
/** The time of day, UTC, to the millisecond. */
const clock = (ms: number): string => iso(ms).slice(11, 23);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;
const rel = (ms: number, from: number): string => `${ms >= from ? '+' : '-'}${(Math.abs(ms - from) / 1000).toFixed(3)}s`;
const at = (ms: number, from: number): string => `${iso(ms)} (${rel(ms, from)})`;
