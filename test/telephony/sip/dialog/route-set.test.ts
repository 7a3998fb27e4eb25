import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Dialog } from '../../../../src/telephony/sip/dialog/index.ts';
import { invite, ok200 } from './fixtures.ts';

const hop = fc.record({
  host: fc.constantFrom('p1.example.com', 'p2.example.com', '192.0.2.7', 'edge.example.net'),
  port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  lr: fc.boolean(),
});

test('property: the UAC targets the reversed Record-Route; a strict first hop swaps with the remote target (§12.1.2, §12.2.1.1)', () => {
  fc.assert(
    fc.property(fc.array(hop, { maxLength: 5 }), (hops) => {
      const text = hops.map((h) => `<sip:${h.host}${h.port === undefined ? '' : ':' + h.port}${h.lr ? ';lr' : ''}>`);
      const res = ok200();
      res.headers.remove('Record-Route');
      for (const t of text) res.headers.append('Record-Route', t);
      const d = Dialog.asUac(invite(), res);
      assert.ok(d.ok);
      const bye = d.value.createRequest('BYE');
      const routeSet = [...text].reverse();
      const target = 'sip:bob@198.51.100.7:5070;transport=udp';
      const first = hops.at(-1);
      if (first === undefined || first.lr) {
        assert.equal(bye.uri, target);
        assert.deepEqual(bye.headers.getAll('Route'), routeSet);
      } else {
        assert.equal(bye.uri, routeSet[0]!.slice(1, -1));
        assert.deepEqual(bye.headers.getAll('Route'), [...routeSet.slice(1), `<${target}>`]);
      }
    }),
  );
});
