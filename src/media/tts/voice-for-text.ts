/** The voices a flow gets when it names none: chosen by the script the text is written in. */
export const DEFAULT_ENGLISH_VOICE = 'en';
export const DEFAULT_MANDARIN_VOICE = 'cmn';

const HAN = /\p{Script=Han}/u;

/** Mandarin (`cmn`) when the text holds any Han character, English (`en`) otherwise. Pure. */
export function voiceForText(text: string): string {
  return HAN.test(text) ? DEFAULT_MANDARIN_VOICE : DEFAULT_ENGLISH_VOICE;
}
