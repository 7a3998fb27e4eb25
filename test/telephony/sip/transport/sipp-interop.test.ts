import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { SystemClock } from '../../../../src/shared/clock.ts';
import { receivedParams } from '../../../../src/telephony/sip/transport/received-params.ts';
import { responseDestination, sendTargetOf } from '../../../../src/telephony/sip/transport/response-destination.ts';
import type { InboundMessage } from '../../../../src/telephony/sip/transport/transport-events.ts';
import { TransportLayer } from '../../../../src/telephony/sip/transport/transport-layer.ts';

// SIPp (Debian sip-tester) as a real peer: it sends OPTIONS over UDP and TCP; the test answers
// through the transport layer, routing each response with receivedParams + responseDestination.
const hasSipp = !spawnSync('sipp', ['-v']).error;
const required = process.env.OPENCCC_REQUIRE_SIP_PEERS === '1';
const skip = hasSipp || required ? false : 'sipp is not installed (apt-get install sip-tester)';

const scenario = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="options">
  <send>
    <![CDATA[
      OPTIONS sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 OPTIONS
      Max-Forwards: 70
      Content-Length: [len]

    ]]>
  </send>
  <recv response="200"/>
</scenario>
`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A test-only answer: copies the dialog headers and rewrites the top Via as a server transport must. */
async function answer(layer: TransportLayer, m: InboundMessage): Promise<void> {
  const text = m.bytes.toString('latin1');
  const header = (name: string) => text.match(new RegExp(`^${name}:\\s*(.*)$`, 'mi'))?.[1]?.trim() ?? '';
  const via = header('Via');
  const sentBy = via.match(/^SIP\/2\.0\/(\w+)\s+([^;:\s]+)(?::(\d+))?/)!;
  const hop = {
    transport: sentBy[1]!,
    host: sentBy[2]!,
    ...(sentBy[3] ? { port: Number(sentBy[3]) } : {}),
    ...(/;rport(?!=)/.test(via) ? { rport: true as const } : {}),
  };
  const add = receivedParams(hop, m.source);
  const topVia =
    via.replace(/;rport(?!=)/, add.rport ? `;rport=${add.rport}` : ';rport') + (add.received ? `;received=${add.received}` : '');
  const to = responseDestination({ ...hop, ...add }, { ...m.source, ...(m.connectionId ? { connectionId: m.connectionId } : {}) });
  const response = [
    'SIP/2.0 200 OK',
    `Via: ${topVia}`,
    `From: ${header('From')}`,
    `To: ${header('To')};tag=openccc`,
    `Call-ID: ${header('Call-ID')}`,
    `CSeq: ${header('CSeq')}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const target = sendTargetOf(to);
  assert.ok(target, `SIPp's Via names an IP on udp/tcp: ${via}`);
  await layer.send(target, Buffer.from(response));
}

for (const [transport, flag] of [
  ['udp', 'u1'],
  ['tcp', 't1'],
] as const) {
  test(`SIPp sends 5 OPTIONS over ${transport}; every 200 reaches it`, { skip }, async () => {
    const layer = await TransportLayer.listen({ address: '127.0.0.1', port: 0, clock: new SystemClock() });
    const dir = mkdtempSync(join(tmpdir(), 'openccc-sipp-'));
    try {
      const seen: InboundMessage[] = [];
      layer.on('message', (m) => {
        seen.push(m);
        void answer(layer, m);
      });
      writeFileSync(join(dir, 'options.xml'), scenario);
      const sippPort = await freePort();
      const args = [`127.0.0.1:${layer.port}`, '-sf', 'options.xml', '-t', flag, '-i', '127.0.0.1', '-p', String(sippPort)];
      const sipp = spawn('sipp', [...args, '-m', '5', '-l', '1', '-nostdin', '-timeout', '10s', '-timeout_error'], {
        cwd: dir,
        stdio: 'ignore',
      });
      const code = await new Promise<number | null>((resolve) => {
        sipp.on('exit', (c) => resolve(c));
        sipp.on('error', () => resolve(-1));
      });
      assert.equal(code, 0, 'sipp exit code 0 means every call got its 200');
      assert.equal(seen.length, 5);
      assert.ok(seen.every((m) => m.transport === transport));
      // UDP: SIPp's requests leave from its -p port, and that is where symmetric routing answered.
      if (transport === 'udp') assert.ok(seen.every((m) => m.source.port === sippPort));
      if (transport === 'tcp') assert.equal(new Set(seen.map((m) => m.connectionId)).size, 1, 'SIPp t1 uses one connection');
    } finally {
      await layer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
