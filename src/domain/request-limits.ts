/** Size limits on what a request may attach to a session; documented in docs/api.md. */
export const LIMITS = {
  maxVariables: 50,
  variableKeyPattern: /^[A-Za-z_][A-Za-z0-9_]{0,63}$/,
  maxVariableValueChars: 1024,
  maxUuiChars: 1024,
  maxCallers: 100,
} as const;

/** Why a Variables/UUI payload is refused, or undefined when it is acceptable. */
export function checkSessionPayload(variables: readonly { Key: string; Value: string }[], uui: string): string | undefined {
  if (variables.length > LIMITS.maxVariables)
    return `Variables has ${variables.length} entries; at most ${LIMITS.maxVariables} are allowed`;
  const seen = new Set<string>();
  for (const [i, v] of variables.entries()) {
    if (!LIMITS.variableKeyPattern.test(v.Key))
      return `Variables.${i}.Key "${v.Key.slice(0, 70)}" must be 1-64 letters, digits or _ and not start with a digit`;
    if (v.Key.startsWith('System')) return `Variables.${i}.Key "${v.Key}" is reserved: names starting with System are system variables`;
    if (seen.has(v.Key)) return `Variables.${i}.Key "${v.Key}" is given twice`;
    seen.add(v.Key);
    if (v.Value.length > LIMITS.maxVariableValueChars)
      return `Variables.${i}.Value is ${v.Value.length} characters; at most ${LIMITS.maxVariableValueChars} are allowed`;
  }
  if (uui.length > LIMITS.maxUuiChars) return `UUI is ${uui.length} characters; at most ${LIMITS.maxUuiChars} are allowed`;
  return undefined;
}
