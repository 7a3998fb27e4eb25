import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { CARRIER_METRIC_NAMES, carrierMetrics } from '../../../src/app/observability/carrier-metrics.ts';
import { SimCarrier } from '../../../src/telephony/sim/sim-carrier.ts';
import { simCarrierConfigSchema } from '../../../src/telephony/sim/sim-config.ts';
import { VirtualClock } from '../../../src/shared/clock.ts';
import { openCarrier, settingsFor, until } from '../../telephony/sip/carrier/support.ts';

const valueOf = (source: ReturnType<typeof carrierMetrics>, name: string): number | undefined =>
  source.families.find((f) => f.name === name)?.read()[0]?.value;

test('the SIP carrier reports every carrier metric; each is read from its live counters at scrape time', async () => {
  const { carrier, cleanup } = await openCarrier(settingsFor(5060));
  const peer = createSocket('udp4');
  try {
    const source = carrierMetrics(carrier);
    assert.deepEqual(
      source.families.map((f) => f.name),
      [...CARRIER_METRIC_NAMES],
    );
    for (const f of source.families) assert.equal(f.type, f.name.endsWith('_total') ? 'counter' : 'gauge', f.name);
    assert.equal(valueOf(source, 'openccc_sip_malformed_messages_total'), 0);
    assert.equal(valueOf(source, 'openccc_sip_requests_received_total'), 0);
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', () => r()));
    const send = (text: string) => new Promise<void>((r) => peer.send(text, carrier.sipPort, '127.0.0.1', () => r()));
    await send('this is not SIP\r\n\r\n');
    const port = peer.address().port;
    await send(
      [
        `OPTIONS sip:probe@127.0.0.1:${carrier.sipPort} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK-metrics-1`,
        'Max-Forwards: 70',
        `From: <sip:probe@127.0.0.1:${port}>;tag=m1`,
        `To: <sip:probe@127.0.0.1:${carrier.sipPort}>`,
        'Call-ID: metrics-probe-1',
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    await until(() => valueOf(source, 'openccc_sip_requests_received_total') === 1, 2_000, 'the OPTIONS to be counted');
    assert.equal(valueOf(source, 'openccc_sip_malformed_messages_total'), 1);
    assert.equal(valueOf(source, 'openccc_rtp_sessions'), 0);
    assert.equal(valueOf(source, 'openccc_rtp_packets_sent_total'), 0);
  } finally {
    peer.close();
    await cleanup();
  }
});

test('the sim carrier counts nothing on a line, so it brings no carrier metric (not a misleading 0)', () => {
  const carrier = new SimCarrier(simCarrierConfigSchema.parse({}), new VirtualClock(0));
  assert.deepEqual(carrierMetrics(carrier).families, []);
});
