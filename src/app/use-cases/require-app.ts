import { ApiError } from '../../shared/errors.ts';
import type { AppContext } from '../app-context.ts';
import type { App } from '../world.ts';

/** What the session actions (DescribeTelSession, HangUpCall) name: one session of one app, for this credential. */
export interface SessionOfApp {
  secretId: string;
  sdkAppId: number;
  sessionId: string;
}

/** The app named by SdkAppId, if it exists and this credential may use it. */
export function requireApp(ctx: AppContext, sdkAppId: number, secretId: string): App {
  const app = ctx.world.apps.get(sdkAppId);
  if (!app) throw new ApiError('InvalidParameterValue.InstanceNotExist', `SdkAppId ${sdkAppId} does not exist.`);
  if (!app.allowedSecretIds.has(secretId)) {
    throw new ApiError('FailedOperation.PermissionDenied', `This credential is not allowed to use SdkAppId ${sdkAppId}.`);
  }
  return app;
}
