/** The common parameters of signature v1 requests (Tencent Cloud API "Common Params"). */
export const COMMON_PARAM_NAMES = [
  'Action',
  'Version',
  'Timestamp',
  'Nonce',
  'SecretId',
  'Signature',
  'SignatureMethod',
  'Region',
  'Token',
  'Language',
  'RequestClient',
] as const;

export type CommonParamName = (typeof COMMON_PARAM_NAMES)[number];

const COMMON = new Set<string>(COMMON_PARAM_NAMES);

export function isCommonParam(name: string): name is CommonParamName {
  return COMMON.has(name);
}

/** Separates the common parameters from the action's own, which are then unflattened and validated. */
export function splitCommonParams(flat: Record<string, string>): {
  common: Partial<Record<CommonParamName, string>>;
  rest: Record<string, string>;
} {
  const common: Partial<Record<CommonParamName, string>> = {};
  const rest: Record<string, string> = {};
  for (const name of Object.keys(flat)) {
    if (isCommonParam(name)) common[name] = flat[name]!;
    else rest[name] = flat[name]!;
  }
  return { common, rest };
}
