import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CN_SUBDIVISIONS,
  cityKey,
  isSubdivisionCode,
  parseGeocodedArea,
  subdivisionOfProvince,
  subdivisionOfRegion,
} from '../../../src/domain/rules/cn-subdivisions.ts';

test('the table holds the 34 provincial-level divisions, each code and name once', () => {
  assert.equal(CN_SUBDIVISIONS.length, 34);
  assert.equal(new Set(CN_SUBDIVISIONS.map((s) => s.code)).size, 34);
  assert.equal(new Set(CN_SUBDIVISIONS.map((s) => s.geocoded)).size, 34);
  assert.ok(CN_SUBDIVISIONS.every((s) => /^CN-[A-Z]{2}$/.test(s.code)));
  assert.equal(subdivisionOfProvince('Xinjiang'), 'CN-XJ');
  assert.equal(subdivisionOfProvince('Tibet'), 'CN-XZ');
  assert.equal(subdivisionOfProvince('Inner Mongolia'), 'CN-NM');
  assert.equal(subdivisionOfProvince('Atlantis'), undefined);
  assert.ok(isSubdivisionCode('CN-HA') && !isSubdivisionCode('CN-XX') && !isSubdivisionCode('XJ'));
});

test('Hong Kong, Macao and Taiwan are told by region', () => {
  assert.deepEqual(['HK', 'MO', 'TW', 'CN', undefined].map(subdivisionOfRegion), ['CN-HK', 'CN-MO', 'CN-TW', undefined, undefined]);
});

test('geocoded descriptions: city and province, several cities, a municipality alone', () => {
  assert.deepEqual(parseGeocodedArea('Urumchi, Xinjiang'), { subdivision: 'CN-XJ', cities: ['Urumchi'] });
  assert.deepEqual(parseGeocodedArea('Shenyang/Tieling/Fushun, Liaoning'), {
    subdivision: 'CN-LN',
    cities: ['Shenyang', 'Tieling', 'Fushun'],
  });
  assert.deepEqual(parseGeocodedArea('Beijing'), { subdivision: 'CN-BJ', cities: ['Beijing'] });
  assert.equal(parseGeocodedArea('Somewhere, Nowhere'), undefined);
});

test('city names compare without case and punctuation', () => {
  assert.equal(cityKey("Xi'an"), cityKey('XiAn'));
  assert.equal(cityKey('Urumchi'), cityKey('urumchi '));
  assert.notEqual(cityKey('Shenzhen'), cityKey('Shantou'));
});
