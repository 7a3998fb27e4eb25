import { type ApiError, ERRORS, type ErrorCode } from '../shared/errors.ts';

/**
 * An action result already serialized: the JSON members of Response, without braces. Lets an
 * action splice cached JSON fragments instead of serializing the same CDRs on every read.
 */
export class JsonFields {
  constructor(readonly json: string) {}
}

/** A successful answer: the action's fields plus RequestId, inside Response. */
export function successBody(requestId: string, result: Record<string, unknown> | JsonFields): string {
  if (result instanceof JsonFields) {
    const sep = result.json.length > 0 ? ',' : '';
    return `{"Response":{${result.json}${sep}"RequestId":${JSON.stringify(requestId)}}}`;
  }
  return JSON.stringify({ Response: { ...result, RequestId: requestId } });
}

export function errorBody(requestId: string, code: ErrorCode, message?: string): string {
  return JSON.stringify({ Response: { Error: { Code: code, Message: message ?? ERRORS[code].message }, RequestId: requestId } });
}

export function apiErrorBody(requestId: string, err: ApiError): string {
  return errorBody(requestId, err.code, err.message);
}
