import { z } from 'zod';
import type { Prompt } from '../domain/prompt.ts';
import { renderTemplate, type VariableLookup } from './template.ts';

/**
 * A prompt as a flow file writes it: a string (text to speak), `{ text, voice? }`, or
 * `{ audio: path }` with the path relative to the flow file. Loaded, it is a `Prompt` whose
 * text still holds `${}` (variables are known only at run time) and whose audio path the edge
 * has resolved and measured.
 */
export type PromptSpec = Prompt;

export const promptSchema = z
  .union(
    [z.string(), z.strictObject({ text: z.string(), voice: z.string().min(1).optional() }), z.strictObject({ audio: z.string().min(1) })],
    {
      error: (issue) => (issue.code === 'invalid_union' ? 'a prompt is a text string, { text, voice? } or { audio: file }' : undefined),
    },
  )
  .transform((p): PromptSpec => {
    if (typeof p === 'string') return { kind: 'text', text: p };
    if ('audio' in p) return { kind: 'audio', path: p.audio };
    return p.voice === undefined ? { kind: 'text', text: p.text } : { kind: 'text', text: p.text, voice: p.voice };
  });

/** Substitutes variables into a text prompt; audio is played as loaded. */
export function renderPrompt(spec: PromptSpec, lookup: VariableLookup): Prompt {
  if (spec.kind === 'audio') return spec;
  const text = renderTemplate(spec.text, lookup);
  return spec.voice === undefined ? { kind: 'text', text } : { kind: 'text', text, voice: spec.voice };
}
