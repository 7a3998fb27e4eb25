// Runs SIPp (Debian sip-tester) with a scenario written to a temp dir, on 127.0.0.1 with free ports.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((res) => s.bind(0, '127.0.0.1', res));
  const port = s.address().port;
  await new Promise<void>((res) => s.close(() => res()));
  return port;
}

export interface SippRun {
  code: number | null;
  output: string;
}

/** `remote` is host:port for a UAC scenario, undefined for a UAS one; SIPp listens on `port`. */
export async function runSipp(scenario: string, port: number, remote?: string, extra: string[] = []): Promise<SippRun> {
  const dir = mkdtempSync(join(tmpdir(), 'sipp-'));
  const file = join(dir, 'scenario.xml');
  writeFileSync(file, scenario);
  const [mp, cp] = [await freeUdpPort(), await freeUdpPort()];
  const args = ['-sf', file, '-i', '127.0.0.1', '-p', String(port), '-mp', String(mp), '-cp', String(cp)];
  args.push('-m', '1', '-timeout', '15s', '-nostdin', '-bg', ...extra);
  args.splice(args.indexOf('-bg'), 1); // -bg forks; we want the exit code
  if (remote !== undefined) args.push(remote);
  return new Promise((resolve) => {
    const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => {
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, output: output.slice(-2000) });
    });
  });
}

const HEAD = '<?xml version="1.0" encoding="ISO-8859-1" ?>\n<scenario name="openccc">\n';
const TAIL = '</scenario>\n';
const FROM = 'From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]';
const TO = 'To: <sip:[service]@[remote_ip]:[remote_port]>';
const SDP = `v=0
o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0
a=rtpmap:0 PCMU/8000`;

const send = (lines: string, retrans = true) =>
  `  <send${retrans ? ' retrans="500"' : ''}>\n    <![CDATA[\n${lines}\n\n    ]]>\n  </send>\n`;

function invite(): string {
  return send(`INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
${FROM}
${TO}
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: sip:sipp@[local_ip]:[local_port]
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

${SDP}`);
}

/** §17.1.1.3: the non-2xx ACK reuses the INVITE's branch (taken from the response's Via) and the response's To. */
const non2xxAck = () =>
  send(
    `ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
[last_Via:]
${FROM}
[last_To:]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0`,
    false,
  );

export const sippOptions = (): string =>
  HEAD +
  send(`OPTIONS sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
${FROM}
${TO}
Call-ID: [call_id]
CSeq: 1 OPTIONS
Max-Forwards: 70
Content-Length: 0`) +
  '  <recv response="200"/>\n' +
  TAIL;

/** SIPp calls: INVITE, optional 100/180, 200, ACK. No BYE: without the dialog layer the UA would answer it 481. */
export const sippCallAnswered = (): string =>
  HEAD +
  invite() +
  '  <recv response="100" optional="true"/>\n  <recv response="180" optional="true"/>\n  <recv response="200"/>\n' +
  send(
    `ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
${FROM}
${TO}[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0`,
    false,
  ) +
  TAIL;

export const sippCallRejected = (status: number): string =>
  HEAD +
  invite() +
  '  <recv response="100" optional="true"/>\n  <recv response="180" optional="true"/>\n' +
  `  <recv response="${status}"/>\n` +
  non2xxAck() +
  TAIL;

/** CANCEL once ringing (§9.1): 200 for the CANCEL, then 487 for the INVITE, ACKed. */
export const sippCancelWhileRinging = (): string =>
  HEAD +
  invite() +
  '  <recv response="100" optional="true"/>\n  <recv response="180"/>\n' +
  send(`CANCEL sip:[service]@[remote_ip]:[remote_port] SIP/2.0
[last_Via:]
${FROM}
${TO}
Call-ID: [call_id]
CSeq: 1 CANCEL
Max-Forwards: 70
Content-Length: 0`) +
  '  <recv response="200"/>\n  <recv response="487"/>\n' +
  non2xxAck() +
  TAIL;

const reply = (status: string, withSdp: boolean) =>
  send(
    `SIP/2.0 ${status}
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:[local_ip]:[local_port];transport=[transport]>
${withSdp ? 'Content-Type: application/sdp\n' : ''}Content-Length: [len]
${withSdp ? `\n${SDP}` : ''}`,
    false,
  );

/** SIPp answers: 180 then 200 with SDP, then waits for the ACK. */
export const sippUasAnswer = (): string =>
  HEAD +
  '  <recv request="INVITE" crlf="true"/>\n' +
  reply('180 Ringing', false) +
  reply('200 OK', true).replace('<send>', '<send retrans="500">') +
  '  <recv request="ACK"/>\n' +
  TAIL;

export const sippUasReject = (status: string): string =>
  HEAD + '  <recv request="INVITE"/>\n' + reply(status, false) + '  <recv request="ACK"/>\n' + TAIL;

/** A challenging UAS: 401 with WWW-Authenticate (qop=auth when asked), the ACK, then the retried INVITE, verified, 200. */
export const sippUasDigest = (qop: boolean): string =>
  HEAD +
  '  <recv request="INVITE"/>\n' +
  send(
    `SIP/2.0 401 Unauthorized
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
WWW-Authenticate: Digest realm="sipp", nonce="abcdef0123456789"${qop ? ', qop="auth"' : ''}, algorithm=MD5
Content-Length: 0`,
    false,
  ) +
  '  <recv request="ACK"/>\n' +
  '  <recv request="INVITE" check_it="true">\n    <action>\n      <verifyauth assign_to="authvalid" username="alice" password="secret"/>\n    </action>\n  </recv>\n' +
  '  <nop test="authvalid" next="good"/>\n' +
  // a refused digest: 403, its ACK, then wait for a request that never comes, so SIPp counts the call failed
  reply('403 Forbidden', false) +
  '  <recv request="ACK"/>\n' +
  '  <recv request="INFO" timeout="300"/>\n' +
  '  <label id="good"/>\n' +
  reply('200 OK', true) +
  '  <recv request="ACK"/>\n' +
  TAIL;

/** Keeps the INVITE's rows (SIPp's [last_*] move on to each later message) and checks it offers 100rel (RFC 3262 §4). */
const KEEP_INVITE = `  <recv request="INVITE" crlf="true">
    <action>
      <ereg regexp="[^ ].*" search_in="hdr" header="Via:" assign_to="invvia"/>
      <ereg regexp="[^ ].*" search_in="hdr" header="From:" assign_to="invfrom"/>
      <ereg regexp="[^ ].*" search_in="hdr" header="To:" assign_to="invto"/>
      <ereg regexp="[^ ].*" search_in="hdr" header="CSeq:" assign_to="invcseq"/>
      <ereg regexp="sip:[^>;]*" search_in="hdr" header="Contact:" assign_to="contact"/>
      <ereg regexp="100rel" search_in="hdr" header="Supported:" check_it="true" assign_to="offers"/>
    </action>
  </recv>
  <Reference variables="offers"/>
`;

/**
 * A 100rel UAS (RFC 3262): 180 with Require: 100rel and RSeq 1, its PRACK (RAck 1 1 INVITE) answered 200, then a copy of
 * the 180 (the copy must not be PRACKed again: a second PRACK would be unexpected and fail the call), the INVITE answered 200,
 * the ACK, and a BYE from SIPp to our Contact.
 */
export const sippUas100rel = (): string => {
  const ringing = `SIP/2.0 180 Ringing
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:[local_ip]:[local_port];transport=[transport]>
Require: 100rel
RSeq: 1
Content-Length: 0`;
  // The copy is built from the INVITE's saved headers: after the PRACK, SIPp's [last_*] are the PRACK's.
  const ringingCopy = `SIP/2.0 180 Ringing
Via: [$invvia]
From: [$invfrom]
To: [$invto];tag=[pid]SIPpTag01[call_number]
Call-ID: [call_id]
CSeq: [$invcseq]
Contact: <sip:[local_ip]:[local_port];transport=[transport]>
Require: 100rel
RSeq: 1
Content-Length: 0`;
  return (
    HEAD +
    KEEP_INVITE +
    send(ringing, false) +
    '  <recv request="PRACK" crlf="true">\n    <action>\n' +
    '      <ereg regexp="^ *1 1 INVITE" search_in="hdr" header="RAck:" check_it="true" assign_to="rack"/>\n' +
    '    </action>\n  </recv>\n  <Reference variables="rack"/>\n' +
    reply('200 OK', false).replace(/\[last_To:\];tag=\[pid\]SIPpTag01\[call_number\]/, '[last_To:]') +
    // A retransmission of the reliable 180 after its PRACK (RFC 3262 §3 retransmits until the PRACK lands): a second
    // PRACK for it would arrive during the pause as an unexpected message, and SIPp would fail the call. The copy is
    // sent only after the PRACK: sent straight after the first 180, our PRACK can beat it and SIPp aborts on it.
    send(ringingCopy, false) +
    '  <pause milliseconds="200"/>\n' +
    send(`SIP/2.0 200 OK
Via: [$invvia]
From: [$invfrom]
To: [$invto];tag=[pid]SIPpTag01[call_number]
Call-ID: [call_id]
CSeq: [$invcseq]
Contact: <sip:[local_ip]:[local_port];transport=[transport]>
Content-Type: application/sdp
Content-Length: [len]

${SDP}`) +
    '  <recv request="ACK"/>\n' +
    '  <pause milliseconds="100"/>\n' +
    send(`BYE [$contact] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: [$invto];tag=[pid]SIPpTag01[call_number]
To: [$invfrom]
Call-ID: [call_id]
CSeq: 1 BYE
Max-Forwards: 70
Content-Length: 0`) +
    '  <recv response="200"/>\n' +
    TAIL
  );
};
