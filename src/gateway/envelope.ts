import { ApiError, ERRORS, type ErrorCode } from '../shared/errors.ts';

/** A successful answer: the action's fields plus RequestId, inside Response. */
export function successBody(requestId: string, result: Record<string, unknown>): string {
  return JSON.stringify({ Response: { ...result, RequestId: requestId } });
}

export function errorBody(requestId: string, code: ErrorCode, message?: string): string {
  return JSON.stringify({ Response: { Error: { Code: code, Message: message ?? ERRORS[code].message }, RequestId: requestId } });
}

export function apiErrorBody(requestId: string, err: ApiError): string {
  return errorBody(requestId, err.code, err.message);
}
