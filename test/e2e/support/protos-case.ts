// One PROTOS c07-sip case: two `<length><SP><bytes>` records (INVITE, teardown), templates filled as the corpus README says.

export interface ProtosValues {
  to: string;
  from: string;
  fromAddress: string;
  fromIp: string;
  localPort: number;
  callId: string;
  cseq: number;
  branch: string;
  teardownMethod: string;
}

/** The two records of a case file, as bytes; undefined if the file does not hold two well-formed records. */
export function splitRecords(file: Buffer): [Buffer, Buffer] | undefined {
  const out: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < 2; i++) {
    const sp = file.indexOf(0x20, at);
    if (sp < 0) return undefined;
    const len = Number(file.toString('latin1', at, sp));
    if (!Number.isInteger(len) || sp + 1 + len > file.length) return undefined;
    out.push(file.subarray(sp + 1, sp + 1 + len));
    at = sp + 1 + len;
  }
  return [out[0] as Buffer, out[1] as Buffer];
}

/** Fills the placeholders (latin1 keeps every octet), then `<Content-Length>` = the bytes after the first CRLFCRLF. */
export function fillTemplate(template: Buffer, v: ProtosValues): Buffer {
  const text = template
    .toString('latin1')
    .replaceAll('<To>', v.to)
    .replaceAll('<From>', v.from)
    .replaceAll('<From-Address>', v.fromAddress)
    .replaceAll('<From-IP>', v.fromIp)
    .replaceAll('<Local-Port>', String(v.localPort))
    .replaceAll('<Call-ID>', v.callId)
    .replaceAll('<CSeq>', String(v.cseq))
    .replaceAll('<Branch-ID>', v.branch)
    .replaceAll('<Teardown-Method>', v.teardownMethod);
  const head = text.indexOf('\r\n\r\n');
  const bodyLength = head < 0 ? 0 : Buffer.byteLength(text, 'latin1') - (head + 4);
  return Buffer.from(text.replaceAll('<Content-Length>', String(bodyLength)), 'latin1');
}
