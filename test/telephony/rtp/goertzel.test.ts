import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GoertzelBlock, goertzelCoefficient, goertzelEnergy, toneLevelDbfs } from '../../../src/telephony/rtp/goertzel.ts';

test('a sine at the filter frequency has energy (A·N/2)², i.e. its level in dBFS', () => {
  const n = 102;
  const a = 32767 * 10 ** (-20 / 20);
  const x = Float64Array.from({ length: n }, (_, i) => a * Math.sin((2 * Math.PI * 1209 * i) / 8000));
  const e = goertzelEnergy(x, 0, n, goertzelCoefficient(1209));
  assert.ok(Math.abs(toneLevelDbfs(e, n) - -20) < 0.2, `${toneLevelDbfs(e, n)}`);
  assert.ok(goertzelEnergy(x, 0, n, goertzelCoefficient(697)) < e / 100, 'another frequency is far lower');
});

test('GoertzelBlock gives the DFT value; three blocks combined equal one Goertzel over the window', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: 102, maxLength: 102 }),
      fc.constantFrom(697, 770, 852, 941, 1209, 1336, 1477, 1633, 1000),
      (xs, f) => {
        const g = new GoertzelBlock(f, 34);
        const z = new Float64Array(6);
        for (let b = 0; b < 3; b++) g.dft(xs, b * 34, z, b * 2);
        // Direct DFT of block 0 for reference.
        let re = 0;
        let im = 0;
        for (let k = 0; k < 34; k++) {
          re += xs[k]! * Math.cos((2 * Math.PI * f * k) / 8000);
          im -= xs[k]! * Math.sin((2 * Math.PI * f * k) / 8000);
        }
        const tol = 1e-6 * (1 + Math.hypot(re, im));
        assert.ok(Math.abs(z[0]! - re) < tol && Math.abs(z[1]! - im) < tol, 'block DFT');
        // Window = z0 + shift·z1 + shift²·z2.
        const mul = (ar: number, ai: number, br: number, bi: number) => [ar * br - ai * bi, ar * bi + ai * br] as const;
        const s1 = mul(g.shiftRe, g.shiftIm, z[2]!, z[3]!);
        const s2 = mul(...mul(g.shiftRe, g.shiftIm, g.shiftRe, g.shiftIm), z[4]!, z[5]!);
        const wr = z[0]! + s1[0] + s2[0];
        const wi = z[1]! + s1[1] + s2[1];
        const direct = goertzelEnergy(xs, 0, 102, goertzelCoefficient(f));
        assert.ok(Math.abs(wr * wr + wi * wi - direct) < 1e-6 * (1 + direct));
      },
    ),
  );
});
