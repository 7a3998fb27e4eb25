// SPDX-License-Identifier: GPL-3.0-or-later
// Voice names a flow may use, mapped to espeak-ng voice ids. Anything else is passed to
// espeak as it is (`en`, `en-us`, `cmn`, `yue`, `sit/cmn`, ...), which accepts or refuses it.

const FRIENDLY = new Map([
  ['english', 'en'],
  ['mandarin', 'cmn'],
  ['chinese', 'cmn'],
  ['zh', 'cmn'],
  ['zh-cn', 'cmn'],
  ['zh-hans', 'cmn'],
  ['cantonese', 'yue'],
  ['zh-hk', 'yue'],
]);

/** The espeak voice id for a requested name; `en` when none is given. */
export function espeakVoiceId(name) {
  if (name === undefined || name === null || name === '') return 'en';
  const key = String(name).trim().toLowerCase().replaceAll('_', '-');
  return FRIENDLY.get(key) ?? key;
}
