import type { z } from 'zod';
import { ApiError } from '../shared/errors.ts';

type Issue = z.core.$ZodIssue;

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

function setAt(data: unknown, path: readonly PropertyKey[], value: unknown): void {
  let cur = data as Record<PropertyKey, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<PropertyKey, unknown>;
  cur[path[path.length - 1]!] = value;
}

const dotted = (path: readonly PropertyKey[]) => path.map(String).join('.');

/**
 * Form and query parameters arrive as strings; the SDK's JSON sends numbers. Where the schema
 * wants a number or boolean and a form value spells one exactly, convert it — nowhere else,
 * so a JSON body with "SdkAppId": "1400000000" is still a type error, as on Tencent Cloud.
 */
function coerceFormValues(schema: z.ZodType, data: unknown): void {
  for (let round = 0; round < 4; round++) {
    const r = schema.safeParse(data);
    if (r.success) return;
    let changed = false;
    for (const issue of r.error.issues) {
      if (issue.code !== 'invalid_type' || issue.path.length === 0) continue;
      const v = valueAt(data, issue.path);
      if (typeof v !== 'string') continue;
      if (issue.expected === 'number' && /^-?\d{1,16}(\.\d+)?$/.test(v)) {
        setAt(data, issue.path, Number(v));
        changed = true;
      } else if (issue.expected === 'boolean' && (v === 'true' || v === 'false')) {
        setAt(data, issue.path, v === 'true');
        changed = true;
      }
    }
    if (!changed) return;
  }
}

function toApiError(issue: Issue, data: unknown): ApiError {
  const name = dotted(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const key = [...issue.path.map(String), issue.keys[0] ?? ''].join('.');
    return new ApiError('UnknownParameter', `The parameter \`${key}\` is not recognized.`);
  }
  if (issue.code === 'invalid_type') {
    if (valueAt(data, issue.path) === undefined) {
      return new ApiError('MissingParameter', `The request is missing a required parameter \`${name}\`.`);
    }
    const expected =
      issue.expected === 'number'
        ? 'Integer'
        : issue.expected === 'string'
          ? 'String'
          : issue.expected === 'array'
            ? 'Array'
            : issue.expected;
    return new ApiError('InvalidParameter', `The value type of parameter \`${name}\` is incorrect; expected ${expected}.`);
  }
  return new ApiError('InvalidParameterValue', `The value of parameter \`${name}\` is invalid: ${issue.message}.`);
}

/** Validates action parameters; the first problem becomes the Tencent Cloud error a client expects. */
export function validateParams<S extends z.ZodType>(schema: S, data: Record<string, unknown>, fromForm: boolean): z.infer<S> {
  if (fromForm) coerceFormValues(schema, data);
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  // Report unknown and missing parameters before type/value problems, as the API does.
  const rank = (i: Issue) =>
    i.code === 'unrecognized_keys' ? 0 : i.code === 'invalid_type' && valueAt(data, i.path) === undefined ? 1 : 2;
  const first = [...r.error.issues].sort((a, b) => rank(a) - rank(b))[0]!;
  throw toApiError(first, data);
}
