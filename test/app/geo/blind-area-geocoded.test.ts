import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { geocodingTable, type PrefixTable } from '../../../src/app/geo/geocoding-data.ts';
import { CalleeAreaResolver } from '../../../src/app/geo/callee-area-resolver.ts';
import { blindAreaRule } from '../../../src/domain/rules/blind-area.ts';
import { attemptAt } from '../../domain/rules/attempt.ts';

// Property tests of province and city blind areas against the library's own data: the expected
// verdict is read straight off the data's description, the actual one goes through the resolver.

const areas = new CalleeAreaResolver();
let en: PrefixTable;
before(async () => {
  en = (await geocodingTable('86', 'en'))!;
  await areas.ready();
});

const chineseMobile = fc.stringMatching(/^1[3-9][0-9]{9}$/);
const verdictOf = async (entries: string[], e164: string) =>
  blindAreaRule(entries).check(attemptAt(0, { calleeE164: e164, calleeArea: await areas.resolve(e164) }), []);
const provinceOf = (national: string) => en.lookup(national)?.split(', ').at(-1);
const citiesOf = (national: string) => {
  const d = en.lookup(national);
  return d?.includes(', ') ? d.slice(0, d.lastIndexOf(', ')).split('/') : [];
};

test('CN-XJ and CN-XZ: every number the data puts in Xinjiang or Tibet is refused, every other passes', async () => {
  await fc.assert(
    fc.asyncProperty(chineseMobile, async (national) => {
      const refused = !(await verdictOf(['CN-XJ', 'CN-XZ'], `+86${national}`)).ok;
      assert.equal(refused, ['Xinjiang', 'Tibet'].includes(provinceOf(national) ?? ''), `+86${national}: ${en.lookup(national)}`);
    }),
    { numRuns: 3000 },
  );
});

test('every prefix of Xinjiang and Tibet in the data is refused (a walk, not a sample)', async () => {
  let walked = 0;
  for (const prefix of en.prefixes()) {
    if (!/^1[3-9]/.test(prefix)) continue;
    const province = provinceOf(prefix);
    if (province !== 'Xinjiang' && province !== 'Tibet') continue;
    const number = `+86${prefix.padEnd(11, '5')}`;
    assert.equal((await verdictOf(['CN-XJ', 'CN-XZ'], number)).ok, false, number);
    walked++;
  }
  assert.ok(walked > 1000, `${walked} prefixes walked`);
});

test('a city entry refuses exactly the numbers the data attributes to that city', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(chineseMobile, fc.constantFrom('13510012345', '13922212345', '18938812345')), async (national) => {
      const refused = !(await verdictOf(['CN-GD:Shenzhen'], `+86${national}`)).ok;
      const inShenzhen = provinceOf(national) === 'Guangdong' && citiesOf(national).includes('Shenzhen');
      assert.equal(refused, inShenzhen, `+86${national}: ${en.lookup(national)}`);
    }),
    { numRuns: 3000 },
  );
});

test('the refusal names the entry; Hong Kong is CN-HK by region; unplaceable numbers pass', async () => {
  const xj = await verdictOf(['CN-XJ'], '+8613999123456');
  assert.ok(!xj.ok);
  assert.deepEqual([xj.code, xj.endStatus], ['FailedOperation.CalloutRuleBlindArea', 110]);
  assert.match(xj.message, /blind area CN-XJ/);
  assert.match(((await verdictOf(['CN-XJ:urumchi'], '+8613999123456')) as { message: string }).message, /CN-XJ:urumchi/);
  assert.equal((await verdictOf(['CN-HK'], '+85291234567')).ok, false);
  assert.equal((await verdictOf(['CN-HK'], '+8613999123456')).ok, true);
  assert.equal((await verdictOf(['CN-XJ'], '+14155550100')).ok, true);
});

test('a rule with subdivisions asks for the area and will not guess without it', () => {
  assert.equal(blindAreaRule(['CN-XJ']).needsCalleeArea, true);
  assert.equal(blindAreaRule(['+852', 'KP']).needsCalleeArea, false);
  assert.throws(() => blindAreaRule(['CN-XJ']).check(attemptAt(0, { calleeE164: '+8613999123456' }), []), /calleeArea/);
  // A prefix or region entry decides without the area.
  assert.equal(blindAreaRule(['CN-XJ', '+86139']).check(attemptAt(0, { calleeE164: '+8613999123456' }), []).ok, false);
});
