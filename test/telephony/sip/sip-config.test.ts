import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText } from '../../../src/app/config/load.ts';
import { ConfigError } from '../../../src/app/config/config-error.ts';
import { EndStatus } from '../../../src/domain/end-status.ts';
import { lineFailureFor, type EndStatusOverrides } from '../../../src/telephony/sip/carrier/end-status-map.ts';
import { sipCarrierConfigSchema, type SipCarrierConfig } from '../../../src/telephony/sip/sip-config.ts';

const WORLD = (sip: string) => `credentials:
  - secretId: AKIDtest00000001
    secretKey: secret-key-0000000001
apps:
  - sdkAppId: 1400000000
    edition: advanced
    packageExpiresAt: "2099-01-01"
    credentials: [AKIDtest00000001]
carrier:
  kind: sip
  sip:
${sip
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
`;

function problems(input: unknown): string[] {
  const r = sipCarrierConfigSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

test('only the trunk host is required; every other key has issue 14’s default', () => {
  assert.deepEqual(sipCarrierConfigSchema.parse({ host: '127.0.0.1' }), {
    listen: '0.0.0.0:5060',
    host: '127.0.0.1',
    port: 5060,
    transport: 'udp',
    calleeFormat: 'e164',
    maxConcurrentCalls: 200,
    callsPerSecond: 20,
    queueSeconds: 5,
    keepaliveSeconds: 0,
    rtp: { portMin: 20000, portMax: 29999 },
    pAssertedIdentity: false,
    rtpTimeoutSeconds: 30,
    sessionExpiresSeconds: 1800,
    followRedirects: 0,
  });
  assert.deepEqual(problems({}), ['host: Invalid input: expected string, received undefined']);
});

test('issue 14’s configuration block loads through the world config, with the extra keys', () => {
  const { config } = parseConfigText(
    WORLD(`listen: 127.0.0.1:5060
publicAddress: 203.0.113.7
host: 127.0.0.1
port: 5080
transport: tcp
username: trunkuser
password: trunkpass
calleeFormat: tccc
maxConcurrentCalls: 50
callsPerSecond: 2.5
queueSeconds: 0
keepaliveSeconds: 30
rtp: { portMin: 30000, portMax: 30999 }
allowFrom: [198.51.100.0/24, "2001:db8::/32", 192.0.2.10]
pAssertedIdentity: true
endStatus:
  sip: { "480": powerOff, "5xx": notInService }
  q850: { "31": userReject }
rtpTimeoutSeconds: 0
sessionExpiresSeconds: 0
followRedirects: 2`),
    'world.yaml',
  );
  const sip: SipCarrierConfig = config.carrier.sip!;
  assert.equal(config.carrier.kind, 'sip');
  assert.equal(sip.listen, '127.0.0.1:5060');
  assert.equal(sip.publicAddress, '203.0.113.7');
  assert.equal(sip.transport, 'tcp');
  assert.equal(sip.calleeFormat, 'tccc');
  assert.equal(sip.callsPerSecond, 2.5);
  assert.equal(sip.queueSeconds, 0);
  assert.deepEqual(sip.rtp, { portMin: 30000, portMax: 30999 });
  assert.deepEqual(sip.allowFrom, ['198.51.100.0/24', '2001:db8::/32', '192.0.2.10']);
  assert.equal(sip.pAssertedIdentity, true);
  assert.equal(sip.sessionExpiresSeconds, 0);
  assert.equal(sip.followRedirects, 2);
  // The config's rows are the EndStatusOverrides lineFailureFor takes, as they are.
  const overrides: EndStatusOverrides | undefined = sip.endStatus;
  const final = (sipStatus: number, reasonHeaders: string[] = []) => ({
    kind: 'final' as const,
    sipStatus,
    reasonPhrase: '',
    reasonHeaders,
  });
  assert.equal(lineFailureFor(final(480), overrides).endStatus, EndStatus.powerOff);
  assert.equal(lineFailureFor(final(502), overrides).endStatus, EndStatus.notInService);
  assert.equal(lineFailureFor(final(486, ['Q.850;cause=31']), overrides).endStatus, EndStatus.userReject);
});

test('a bad key or value names its path and line in the world file', () => {
  try {
    parseConfigText(WORLD('host: 127.0.0.1\ncalleFormat: e164'), 'world.yaml');
    assert.fail('expected a ConfigError');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /world\.yaml:\d+: carrier\.sip.*calleFormat/);
  }
});

test('invalid values are refused with a reason', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ listen: '5060' }, /^listen: expected HOST:PORT/],
    [{ listen: '0.0.0.0:70000' }, /^listen: the port is above 65535/],
    [{ publicAddress: 'sip.example.com' }, /^publicAddress: expected an IPv4 or IPv6 address/],
    [{ transport: 'tls' }, /^transport:/],
    [{ username: 'u' }, /^password: username and password go together/],
    [{ password: 'p' }, /^username: username and password go together/],
    [{ calleeFormat: 'E164' }, /^calleeFormat:/],
    [{ maxConcurrentCalls: 0 }, /^maxConcurrentCalls:/],
    [{ maxConcurrentCalls: 1.5 }, /^maxConcurrentCalls:/],
    [{ callsPerSecond: 0 }, /^callsPerSecond:/],
    [{ queueSeconds: -1 }, /^queueSeconds:/],
    [{ keepaliveSeconds: -5 }, /^keepaliveSeconds:/],
    [{ rtp: { portMin: 20001 } }, /^rtp\.portMin: portMin must be even/],
    [{ rtp: { portMin: 30000, portMax: 29999 } }, /^rtp\.portMax: portMax must be above portMin/],
    [{ rtp: { portMin: 80 } }, /^rtp\.portMin:/],
    [{ rtp: { portMin: 20000, portMax: 29999, ports: 5 } }, /^rtp: Unrecognized key/],
    [{ allowFrom: ['10.0.0.0/33'] }, /^allowFrom\.0: expected an IP address or a CIDR block/],
    [{ allowFrom: ['trunk.example.com'] }, /^allowFrom\.0:/],
    [{ pAssertedIdentity: 'yes' }, /^pAssertedIdentity:/],
    [{ endStatus: { sip: { '200': 'busy' } } }, /^endStatus\.sip\.200: "200": expected a SIP failure status/],
    [{ endStatus: { sip: { '4XX': 'busy' } } }, /^endStatus\.sip\.4XX:/],
    [{ endStatus: { q850: { '0': 'busy' } } }, /^endStatus\.q850\.0: "0": expected a Q\.850 cause 1\.\.127/],
    [{ endStatus: { q850: { '128': 'busy' } } }, /^endStatus\.q850\.128:/],
    [{ endStatus: { sip: { '486': 'ok' } } }, /^endStatus\.sip\.486: Invalid option/],
    [{ endStatus: { sip: { '486': 'Busy' } } }, /^endStatus\.sip\.486: Invalid option/],
    [{ endStatus: { isup: {} } }, /^endStatus: Unrecognized key/],
    [{ rtpTimeoutSeconds: -1 }, /^rtpTimeoutSeconds:/],
    [{ sessionExpiresSeconds: 60 }, /^sessionExpiresSeconds: sessionExpiresSeconds is 0 \(off\) or at least 90/],
    [{ followRedirects: 6 }, /^followRedirects:/],
    [{ maxRingSeconds: 30 }, /Unrecognized key.*maxRingSeconds/],
    [{ trunks: [] }, /Unrecognized key.*trunks/],
  ];
  for (const [extra, expected] of cases) {
    const found = problems({ host: '127.0.0.1', ...extra });
    assert.equal(found.length, 1, `${JSON.stringify(extra)}: ${found.join(' | ')}`);
    assert.match(found[0]!, expected, JSON.stringify(extra));
  }
});

test('edge values that are allowed', () => {
  for (const extra of [
    { listen: '[::]:5060' },
    { listen: 'localhost:5060' },
    { publicAddress: '2001:db8::7' },
    { rtp: { portMin: 1024, portMax: 1025 } },
    { rtp: { portMin: 65534, portMax: 65535 } },
    { callsPerSecond: 0.5 },
    { allowFrom: [] },
    { sessionExpiresSeconds: 90 },
    { endStatus: {} },
    { endStatus: { sip: { '399': 'operatorError', '6xx': 'userReject' }, q850: { '127': 'operatorError', '1': 'numberInvalid' } } },
  ])
    assert.deepEqual(problems({ host: '127.0.0.1', ...extra }), [], JSON.stringify(extra));
});
