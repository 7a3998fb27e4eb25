import { ApiError, type ErrorCode } from '../shared/errors.ts';
import { newRequestId } from '../shared/ids.ts';
import type { Logger } from '../shared/logger.ts';
import type { AppContext } from '../app/app-context.ts';
import { verifyTc3, type AuthResult, type HttpRequestView } from './auth/tc3.ts';
import { verifyV1 } from './auth/v1.ts';
import { parseFormBody, parseQuery } from './params/form.ts';
import { splitCommonParams } from './params/common-params.ts';
import { unflattenParams } from './params/unflatten.ts';
import { ACTIONS, API_VERSION } from './actions/index.ts';
import { apiErrorBody, successBody } from './envelope.ts';
import { validateParams } from './validate-params.ts';
import type { ApiRateLimiter } from './rate-limit.ts';
import { ReplayGuard } from './replay-guard.ts';

export interface GatewayDeps {
  app: AppContext;
  limiter: ApiRateLimiter;
  replay: ReplayGuard;
  timestampWindowSec: number;
  logger: Logger;
}

export interface ApiAnswer {
  body: string;
  action: string;
  /** "ok" or the TCCC error code of the answer. */
  code: ErrorCode | 'ok';
  requestId: string;
}

interface Decoded {
  action: string;
  version: string;
  auth: AuthResult;
  params: Record<string, unknown>;
  fromForm: boolean;
}

function fail(code: ErrorCode, message?: string): never {
  throw new ApiError(code, message);
}

function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    fail('InvalidParameter', 'The request body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail('InvalidParameter', 'The request body must be a JSON object.');
  return value as Record<string, unknown>;
}

function isForm(req: HttpRequestView): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/** Signature v3: action and version in headers, parameters in the JSON body (or the query for GET). */
function decodeTc3(req: HttpRequestView, keyFor: (id: string) => string | undefined, nowSec: number, windowSec: number): Decoded {
  const action = req.headers['x-tc-action'] ?? fail('MissingParameter', 'The request is missing a required parameter `X-TC-Action`.');
  const version = req.headers['x-tc-version'] ?? fail('MissingParameter', 'The request is missing a required parameter `X-TC-Version`.');
  const auth = verifyTc3(req, keyFor, nowSec, windowSec);
  if (!auth.ok) return { action, version, auth, params: {}, fromForm: false };
  if (req.method === 'GET') return { action, version, auth, params: unflattenParams(parseQuery(req.rawQuery)), fromForm: true };
  if (isForm(req)) return { action, version, auth, params: unflattenParams(parseFormBody(req.body)), fromForm: true };
  return { action, version, auth, params: parseJsonObject(req.body), fromForm: false };
}

/** Signature v1: everything, signature included, in the query (GET) or a form body (POST). */
function decodeV1(req: HttpRequestView, keyFor: (id: string) => string | undefined, nowSec: number, windowSec: number): Decoded {
  if (req.method === 'POST' && !isForm(req)) {
    fail(
      'AuthFailure.InvalidAuthorization',
      'A POST without a TC3-HMAC-SHA256 Authorization header must carry a form-encoded body signed with HmacSHA1 or HmacSHA256.',
    );
  }
  const flat = req.method === 'GET' ? parseQuery(req.rawQuery) : parseFormBody(req.body);
  const { common, rest } = splitCommonParams(flat);
  const action = common.Action ?? fail('MissingParameter', 'The request is missing a required parameter `Action`.');
  const version = common.Version ?? fail('MissingParameter', 'The request is missing a required parameter `Version`.');
  const auth = verifyV1(req, flat, keyFor, nowSec, windowSec);
  return { action, version, auth, params: auth.ok ? unflattenParams(rest) : {}, fromForm: true };
}

/** The whole API pipeline for one request: decode, authenticate, route, limit, validate, run. */
export async function handleApiRequest(deps: GatewayDeps, req: HttpRequestView): Promise<ApiAnswer> {
  const requestId = newRequestId();
  let action = '';
  try {
    if (req.method !== 'GET' && req.method !== 'POST') fail('UnsupportedProtocol');
    const world = deps.app.world;
    const keyFor = (id: string) => world.credentials.get(id)?.secretKey;
    const nowMs = deps.app.clock.now();
    const nowSec = Math.floor(nowMs / 1000);
    const authorization = req.headers.authorization;
    const decoded =
      authorization !== undefined && authorization.length > 0
        ? decodeTc3(req, keyFor, nowSec, deps.timestampWindowSec)
        : decodeV1(req, keyFor, nowSec, deps.timestampWindowSec);
    action = decoded.action;
    const { auth } = decoded;
    if (!auth.ok) fail(auth.code, auth.message);
    if (decoded.version !== API_VERSION)
      fail('NoSuchVersion', `The API version \`${decoded.version}\` does not exist; openccc serves ${API_VERSION}.`);
    const def = ACTIONS.get(decoded.action) ?? fail('InvalidAction', `The action \`${decoded.action}\` does not exist.`);
    const credential = world.credentials.get(auth.secretId)!;
    if (!(await deps.limiter.allow(credential.account, def.name))) {
      fail('RequestLimitExceeded', `Requests to ${def.name} exceed ${deps.limiter.limitOf(def.name)} per second for this account.`);
    }
    const run = async (): Promise<string> => {
      try {
        const params = validateParams(def.params, decoded.params, decoded.fromForm);
        const result = await def.handle({ app: withRequestLogger(deps.app, requestId), secretId: auth.secretId, requestId }, params);
        return successBody(requestId, result);
      } catch (err) {
        return apiErrorBody(requestId, asApiError(err, deps.logger, requestId, action));
      }
    };
    const body = def.mutates
      ? await deps.replay.once(ReplayGuard.keyOf(auth.scheme, auth.secretId, auth.signature, auth.timestampSec), nowMs, run)
      : await run();
    return { body, action, code: codeOf(body), requestId };
  } catch (err) {
    const apiErr = asApiError(err, deps.logger, requestId, action);
    return { body: apiErrorBody(requestId, apiErr), action: action || 'unknown', code: apiErr.code, requestId };
  }
}

function asApiError(err: unknown, logger: Logger, requestId: string, action: string): ApiError {
  if (err instanceof ApiError) return err;
  logger.error({ err, requestId, action }, 'internal error');
  return new ApiError('InternalError', `An internal error occurs. Quote RequestId ${requestId} when reporting it.`);
}

/** The code of an answer body, for metrics: cheap string check instead of a JSON parse. */
function codeOf(body: string): ErrorCode | 'ok' {
  const m = /^\{"Response":\{"Error":\{"Code":"([^"]+)"/.exec(body);
  return m ? (m[1] as ErrorCode) : 'ok';
}

/**
 * The app as one request's handler sees it: its logger is a child carrying the RequestId, so
 * every line logged while serving the request names it (a child costs well under a microsecond).
 */
function withRequestLogger(app: AppContext, requestId: string): AppContext {
  return { ...app, logger: app.logger.child({ requestId }) };
}
