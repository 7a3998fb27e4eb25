import type { Prompt } from '../domain/prompt.ts';
import type { FlowDefinition } from './flow.ts';
import { kindOf } from './nodes/index.ts';
import { renderTemplate, templateVariables } from './template.ts';

/** A text prompt whose words are known before the call: it has no `${}` variable. */
export type LiteralTextPrompt = Extract<Prompt, { kind: 'text' }>;

/** Every prompt the flow's nodes declare, in node order, as loaded (texts still holding `${}`). Pure. */
export function flowPrompts(flow: FlowDefinition): Prompt[] {
  return Object.values(flow.nodes).flatMap((node) =>
    kindOf(node)
      .prompts(node)
      .map((p) => p.prompt),
  );
}

/**
 * The text prompts that render the same on every call, so the edge can synthesize and measure them
 * ahead (`$${` escapes rendered). Texts with a variable are known only once the call runs.
 */
export function literalTextPrompts(flow: FlowDefinition): LiteralTextPrompt[] {
  const out: LiteralTextPrompt[] = [];
  for (const p of flowPrompts(flow)) {
    if (p.kind !== 'text') continue;
    if (templateVariables(p.text).length > 0) continue;
    const text = renderTemplate(p.text, () => undefined);
    out.push(p.voice === undefined ? { kind: 'text', text } : { kind: 'text', text, voice: p.voice });
  }
  return out;
}
