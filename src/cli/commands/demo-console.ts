import { endStatusString } from '../../domain/end-status.ts';
import type { SessionObserver } from '../../app/call/session-observer.ts';

/** Prints each session's life as it happens, so a newcomer watches the call ring, answer, run and end. */
export function demoConsole(write: (line: string) => void): SessionObserver {
  return {
    publish(ev) {
      const s = ev.session;
      const time = new Date().toISOString().slice(11, 19);
      const inbound = s.direction === 0;
      const head = `${time}  ${s.sessionId.slice(0, 8)}  ${inbound ? s.caller : s.callee}`;
      switch (ev.type) {
        case 'session.created':
          return write(
            inbound ? `${head}  calling in to ${s.callee} (IVR ${s.ivrId})` : `${head}  dialing from ${s.caller} (IVR ${s.ivrId})`,
          );
        case 'session.ringing':
          return write(`${head}  ringing`);
        case 'session.answered':
          return write(`${head}  answered, IVR running`);
        case 'session.keyPressed': {
          const k = s.keyPresses[s.keyPresses.length - 1];
          return write(`${head}  pressed ${k?.key ?? '?'}${k?.label ? ` (${k.label})` : ''}`);
        }
        case 'session.ended': {
          const code = s.endStatus ?? 0;
          return write(`${head}  ended: EndStatus ${code} ${endStatusString(code)}, hung up by ${s.hungUpSide ?? '-'}`);
        }
      }
    },
  };
}
