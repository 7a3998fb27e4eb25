import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile, parseConfigText } from '../../../src/app/config/load.ts';
import { ConfigError } from '../../../src/app/config/config-error.ts';
import { buildWorld } from '../../../src/app/world.ts';

const VALID = `credentials:
  - secretId: AKIDtest00000001
    secretKey: secret-key-0000000001
apps:
  - sdkAppId: 1400000000
    edition: advanced
    packageExpiresAt: "2099-01-01"
    credentials: [AKIDtest00000001]
    numbers:
      - number: "008610000000001"
`;

function issuesOf(text: string) {
  try {
    parseConfigText(text, 'world.yaml');
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.issues;
  }
  assert.fail('expected a ConfigError');
}

test('a valid config loads with its defaults filled in', () => {
  const { config } = parseConfigText(VALID, 'world.yaml');
  assert.equal(config.server.listen, '127.0.0.1:8080');
  assert.equal(config.limits.default, 20);
  assert.equal(config.carrier.kind, 'sim');
  assert.equal(config.apps[0]!.maxRingSeconds, 60);
});

test('a wrong enum value names its key path and line', () => {
  const [issue] = issuesOf(VALID.replace('edition: advanced', 'edition: platinum'));
  assert.equal(issue!.path, 'apps.0.edition');
  assert.equal(issue!.line, 6);
});

test('an unknown key is an error at its own line, never ignored', () => {
  const [issue] = issuesOf(VALID.replace('    edition: advanced', '    edition: advanced\n    colour: blue'));
  assert.equal(issue!.path, 'apps.0.colour');
  assert.equal(issue!.line, 7);
  assert.match(issue!.message, /unknown key "colour"/);
});

test('a missing required key points at its parent, and every problem is reported at once', () => {
  const issues = issuesOf(
    VALID.replace('    edition: advanced\n', '').replace(
      '      - number: "008610000000001"',
      '      - number: "008610000000001"\n        state: bogus',
    ),
  );
  const paths = issues.map((i) => i.path).sort();
  assert.deepEqual(paths, ['apps.0.edition', 'apps.0.numbers.0.state']);
  assert.equal(
    issues.find((i) => i.path === 'apps.0.edition')?.line,
    5,
    'the missing key is reported at its parent, the app entry (line 5)',
  );
});

test('cross references are checked: an app naming an unknown credential', () => {
  const [issue] = issuesOf(VALID.replace('credentials: [AKIDtest00000001]', 'credentials: [AKIDnobody]'));
  assert.equal(issue!.path, 'apps.0.credentials.0');
  assert.match(issue!.message, /no credential with secretId "AKIDnobody"/);
  assert.equal(issue!.line, 8);
});

test('YAML syntax errors carry a line', () => {
  const [issue] = issuesOf('credentials:\n  - secretId: [unclosed\n');
  assert.match(issue!.message, /YAML syntax/);
  assert.ok(issue!.line !== undefined);
});

test('an undialable number and a missing flow file fail the world build, naming file, line and key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'openccc-config-'));
  try {
    const file = join(dir, 'world.yaml');
    writeFileSync(
      file,
      VALID.replace('"008610000000001"', '"12ab"') + '    ivrs:\n      - { id: 1, name: x, type: autoOutbound, flow: nope.yaml }\n',
    );
    let error: unknown;
    try {
      buildWorld(loadConfigFile(file));
    } catch (err) {
      error = err;
    }
    assert.ok(error instanceof ConfigError);
    const byPath = new Map(error.issues.map((i) => [i.path, i]));
    assert.equal(byPath.get('apps.0.numbers.0.number')?.line, 10);
    assert.match(byPath.get('apps.0.ivrs.0.flow')?.message ?? '', /nope\.yaml/);
    assert.match(error.message, /world\.yaml:10: apps\.0\.numbers\.0\.number/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a config file that does not exist is a ConfigError, not a crash', () => {
  assert.throws(() => loadConfigFile('/nonexistent/world.yaml'), ConfigError);
});
