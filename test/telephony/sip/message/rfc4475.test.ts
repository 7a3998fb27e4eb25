// RFC 4475 torture tests: every message is classified as EXPECTED.tsv says. Where the RFC lets a
// receiver be liberal, the choice this stack made is written in OUTCOMES and asserted per file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { parseSipMessage } from '../../../../src/telephony/sip/message/parser.ts';
import { checkRequest, type RequestCheckOptions } from '../../../../src/telephony/sip/message/request-checks.ts';
import { badRequestFor } from '../../../../src/telephony/sip/message/bad-request.ts';

const DIR = new URL('../../../fixtures/sip/rfc4475/', import.meta.url);

/** What an endpoint running this stack does with each message: parse, then checkRequest. */
type Outcome =
  | { parse: 'ok'; check?: number } // parses; checkRequest answers `check` (undefined = processes it)
  | { parse: 'fail'; status: number; answered: boolean }; // parser rejects; badRequestFor answers (or drops)

const OUTCOMES: Record<string, Outcome> = {
  // valid
  'wsinv.dat': { parse: 'ok' },
  'intmeth.dat': { parse: 'ok', check: 501 }, // unknown method: an endpoint answers 501 (the note)
  'esc01.dat': { parse: 'ok' },
  'escnull.dat': { parse: 'ok' },
  'esc02.dat': { parse: 'ok', check: 501 }, // RE%47IST%45R is not REGISTER: unknown method, 501
  'lwsdisp.dat': { parse: 'ok' },
  'longreq.dat': { parse: 'ok' },
  'dblreq.dat': { parse: 'ok' },
  'semiuri.dat': { parse: 'ok' },
  'transports.dat': { parse: 'ok' },
  'mpart01.dat': { parse: 'ok' },
  'unreason.dat': { parse: 'ok' },
  'noreason.dat': { parse: 'ok' },
  'badbranch.dat': { parse: 'ok' }, // accepted; a bare cookie is not an RFC 3261 branch, so §17.2.3 falls back to RFC 2543 matching
  'regaut01.dat': { parse: 'ok' }, // the unknown Authorization scheme is the registrar's to ignore or challenge
  'zeromf.dat': { parse: 'ok' }, // an endpoint processes Max-Forwards: 0 normally
  'cparam01.dat': { parse: 'ok' },
  'cparam02.dat': { parse: 'ok' },
  'regescrt.dat': { parse: 'ok' },
  'inv2543.dat': { parse: 'ok' }, // RFC 2543 style (no Max-Forwards, no branch) kept for backward compatibility
  // invalid: the parser rejects with 400 ...
  'badinv01.dat': { parse: 'fail', status: 400, answered: true },
  'clerr.dat': { parse: 'fail', status: 400, answered: true },
  'ncl.dat': { parse: 'fail', status: 400, answered: true },
  'scalar02.dat': { parse: 'fail', status: 400, answered: true },
  'quotbal.dat': { parse: 'fail', status: 400, answered: true }, // we do not infer the closing quote
  'ltgtruri.dat': { parse: 'fail', status: 400, answered: true }, // we do not ignore the <>
  'lwsruri.dat': { parse: 'fail', status: 400, answered: true }, // we do not ignore the LWS
  'lwsstart.dat': { parse: 'fail', status: 400, answered: true }, // choice: extra SP in the request line is rejected
  'trws.dat': { parse: 'fail', status: 400, answered: true }, // choice: trailing SP is rejected
  'regbadct.dat': { parse: 'ok', check: 400 }, // choice: we do not infer the <>; Contact syntax is checkRequest's (checkAddressHeaders)
  'badaspec.dat': { parse: 'fail', status: 400, answered: true }, // choice: spaces inside <> are rejected
  'baddn.dat': { parse: 'fail', status: 400, answered: true }, // choice: no quotes are inferred
  'badvers.dat': { parse: 'fail', status: 505, answered: true },
  // ... responses that do not parse are dropped (never answered)
  'scalarlg.dat': { parse: 'fail', status: 400, answered: false },
  'bigcode.dat': { parse: 'fail', status: 400, answered: false },
  // invalid, but liberal acceptance is allowed and chosen
  'escruri.dat': { parse: 'ok' }, // choice: the escaped headers of the Request-URI are kept and ignored
  'baddate.dat': { parse: 'ok' }, // choice: Date is opaque to us, so its time zone does not matter
  // invalid, refused by checkRequest
  'mismatch01.dat': { parse: 'ok', check: 400 },
  'mismatch02.dat': { parse: 'ok', check: 400 }, // the CSeq mismatch is found before the unknown method (400 is allowed)
  // app-reject
  'insuf.dat': { parse: 'ok', check: 400 },
  'unkscm.dat': { parse: 'ok', check: 416 },
  'novelsc.dat': { parse: 'ok', check: 416 },
  'unksm2.dat': { parse: 'ok', check: 400 },
  'bext01.dat': { parse: 'ok', check: 420 },
  'invut.dat': { parse: 'ok', check: 415 },
  'multi01.dat': { parse: 'ok', check: 400 },
  'mcl01.dat': { parse: 'fail', status: 400, answered: true }, // conflicting Content-Length is a framing error, found by the parser
  'bcast.dat': { parse: 'ok' }, // a response: it parses; refusing to forward to broadcast is the transport's job
  'sdp01.dat': { parse: 'ok', check: 406 },
};

// The endpoint profile the corpus is judged against.
const UAS: RequestCheckOptions = {
  methods: ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'REGISTER', 'MESSAGE'],
  contentTypes: ['application/sdp', 'multipart/mixed'],
};

const expected = readFileSync(new URL('EXPECTED.tsv', DIR), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t') as [string, string, string, string]);

test('the corpus has the 49 messages of RFC 4475 and EXPECTED.tsv names each once', () => {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.dat'))
    .sort();
  assert.equal(files.length, 49);
  assert.deepEqual(expected.map((e) => e[0]).sort(), files);
  assert.deepEqual(Object.keys(OUTCOMES).sort(), files);
});

for (const [file, section, verdict, note] of expected) {
  test(`RFC 4475 §${section} ${file} (${verdict}): ${note}`, () => {
    const outcome = OUTCOMES[file];
    assert.ok(outcome, `no outcome decided for ${file}`);
    const result = parseSipMessage(readFileSync(new URL(file, DIR)));
    if (verdict === 'valid') assert.equal(outcome.parse, 'ok', 'a valid message must parse');
    if (verdict === 'app-reject' && outcome.parse === 'ok' && file !== 'bcast.dat') assert.ok(outcome.check, 'app-reject must be refused');
    if (verdict === 'invalid')
      assert.ok(
        outcome.parse === 'fail' || outcome.check !== undefined || /allowed/.test(note),
        'invalid must be refused unless the note allows it',
      );
    if (outcome.parse === 'fail') {
      assert.equal(result.ok, false, 'the parser must reject it');
      if (result.ok) return;
      assert.equal(result.status, outcome.status, result.reason);
      assert.ok(result.reason.length > 0);
      const answer = badRequestFor(result, { toTag: 'x1' });
      assert.equal(answer !== undefined, outcome.answered, result.reason);
      if (answer) {
        assert.equal(answer.status, outcome.status);
        assert.equal(answer.reason, result.reason);
        assert.deepEqual(answer.headers.getAll('Via'), result.headers.getAll('Via'));
        assert.equal(answer.headers.get('Call-ID'), result.headers.get('Call-ID'));
        assert.equal(answer.headers.get('CSeq'), result.headers.get('CSeq'));
      }
      return;
    }
    assert.ok(result.ok, result.ok ? '' : result.reason);
    if (result.message.kind === 'request') {
      assert.equal(checkRequest(result.message, UAS)?.status, outcome.check);
    } else {
      assert.equal(outcome.check, undefined);
    }
  });
}
