import { z } from 'zod';
import type { Prompt } from '../telephony/carrier.ts';
import { renderTemplate, type VariableLookup } from './template.ts';

/**
 * A prompt as a flow file writes it: a string (text to speak), `{ text, voice? }`, or
 * `{ audio: path }` with the path relative to the flow file. Loaded, it is tagged like the
 * carrier's `Prompt`, with `${}` still unrendered (variables are known only at run time).
 */
export type PromptSpec = { kind: 'text'; text: string; voice?: string } | { kind: 'audio'; path: string };

export const promptSchema = z
  .union(
    [z.string(), z.strictObject({ text: z.string(), voice: z.string().min(1).optional() }), z.strictObject({ audio: z.string().min(1) })],
    { error: (issue) => (issue.code === 'invalid_union' ? 'a prompt is a text string, { text, voice? } or { audio: file }' : undefined) },
  )
  .transform((p): PromptSpec => {
    if (typeof p === 'string') return { kind: 'text', text: p };
    if ('audio' in p) return { kind: 'audio', path: p.audio };
    return p.voice === undefined ? { kind: 'text', text: p.text } : { kind: 'text', text: p.text, voice: p.voice };
  });

/** Substitutes variables into a text prompt; audio paths are used as written (resolved at load). */
export function renderPrompt(spec: PromptSpec, lookup: VariableLookup): Prompt {
  if (spec.kind === 'audio') return { kind: 'audio', path: spec.path };
  const text = renderTemplate(spec.text, lookup);
  return spec.voice === undefined ? { kind: 'text', text } : { kind: 'text', text, voice: spec.voice };
}

/** The text of a prompt, for TelCdrInfo.IVRKeyPressedEx TTSPrompt; undefined for audio. */
export function promptText(prompt: Prompt): string | undefined {
  return prompt.kind === 'text' ? prompt.text : undefined;
}
