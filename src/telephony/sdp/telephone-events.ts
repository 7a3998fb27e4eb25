/** RFC 4733 event lists (`a=fmtp:101 0-16`): parse, and intersect what a peer offers with what we handle. */

/** DTMF 0-9 * # A-D and flash (RFC 4733 §3.2): what the media engine sends and detects. */
export const SUPPORTED_EVENTS = '0-16';

const ITEM = /^(\d{1,3})(?:-(\d{1,3}))?$/;

/** Parses `0-15,66,70` into a set; undefined when the list is malformed. */
export function parseEventList(list: string): Set<number> | undefined {
  const out = new Set<number>();
  for (const item of list.split(',')) {
    const m = ITEM.exec(item.trim());
    if (!m) return undefined;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo || hi > 255) return undefined;
    for (let e = lo; e <= hi; e++) out.add(e);
  }
  return out;
}

/** Writes a set back as ranges: {0..11, 16} → "0-11,16". */
export function formatEventList(events: ReadonlySet<number>): string {
  const sorted = [...events].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * The events both sides handle, as an fmtp value; '' if none. A missing fmtp means 0-15 (RFC 4733 §2.4.1);
 * an unreadable one is treated the same, since the peer did list telephone-event.
 */
export function commonEvents(offeredFmtp: string | undefined): string {
  const ours = parseEventList(SUPPORTED_EVENTS)!;
  const theirs = (offeredFmtp === undefined ? undefined : parseEventList(offeredFmtp)) ?? parseEventList('0-15')!;
  return formatEventList(new Set([...theirs].filter((e) => ours.has(e))));
}
