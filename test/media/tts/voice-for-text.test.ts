import { test } from 'node:test';
import assert from 'node:assert/strict';
import { voiceForText } from '../../../src/media/tts/voice-for-text.ts';

test('Han characters pick Mandarin; anything else English', () => {
  assert.equal(voiceForText('感谢您的来电'), 'cmn');
  assert.equal(voiceForText('Press 1 为中文服务'), 'cmn', 'mixed text with Han goes to the Mandarin voice, which reads Latin as English');
  assert.equal(voiceForText('Thank you for calling'), 'en');
  assert.equal(voiceForText(''), 'en');
  assert.equal(voiceForText('Привет'), 'en');
});
