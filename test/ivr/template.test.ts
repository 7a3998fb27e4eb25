import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTemplate, renderTemplate, templateVariables } from '../../src/ivr/template.ts';

const vars: Record<string, string> = { name: 'Tom', 'odd key': 'x', empty: '' };
const lookup = (n: string) => vars[n];

test('variables are substituted; unknown ones become empty', () => {
  assert.equal(renderTemplate('Hi ${name}, ${ name }! ${nobody}.', lookup), 'Hi Tom, Tom! .');
  assert.equal(renderTemplate('${name}${name}', lookup), 'TomTom');
  assert.equal(renderTemplate('${odd key}|${empty}|${}', lookup), 'x||');
});

test('$${ escapes a literal ${, and an unterminated ${ is kept as written', () => {
  assert.equal(renderTemplate('cost $${name} and ${name}', lookup), 'cost ${name} and Tom');
  assert.equal(renderTemplate('$$${name}', lookup), '$${name}');
  assert.equal(renderTemplate('open ${name', lookup), 'open ${name');
  assert.equal(parseTemplate('open ${name').unterminated, true);
  assert.equal(parseTemplate('${a} $$ $ {b}').unterminated, false);
  assert.deepEqual(templateVariables('${a} ${b} ${a} $${c}'), ['a', 'b']);
});

test('property: rendering never throws, whatever the text', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.string(), (s, value) => {
      const out = renderTemplate(s, () => value);
      assert.equal(typeof out, 'string');
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('$', '{', '}', 'a', ' ', '$$', '${')).map((a) => a.join('')),
      (s) => void renderTemplate(s, lookup),
    ),
    { numRuns: 2000 },
  );
});

test('property: a string without ${ renders to itself', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: 'binary', maxLength: 200 }).filter((s) => !s.includes('${')),
      (s) => {
        assert.equal(
          renderTemplate(s, () => 'X'),
          s,
        );
        assert.equal(
          parseTemplate(s)
            .parts.map((p) => (p.kind === 'text' ? p.value : '?'))
            .join(''),
          s,
        );
      },
    ),
    { numRuns: 2000 },
  );
});

test('property: $${ followed by text without ${ renders as a literal ${ and that text', () => {
  fc.assert(
    fc.property(
      fc.string().filter((s) => !s.includes('${')),
      (s) => {
        assert.equal(
          renderTemplate('$${' + s, () => 'X'),
          '${' + s,
        );
      },
    ),
  );
});
