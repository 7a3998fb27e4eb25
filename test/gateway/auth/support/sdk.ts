// The official SDK's own signing code, loaded as-is, so tests verify against what real clients send.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Sign3Options {
  method?: 'GET' | 'POST';
  url: string;
  payload: unknown;
  timestamp: number;
  service: string;
  secretId: string;
  secretKey: string;
  multipart: boolean;
  headers: Record<string, string>;
}

interface SignClass {
  sign(secretKey: string, signStr: string, signMethod: string): string;
  sign3(o: Sign3Options): string;
}

interface AbstractClientProto {
  mergeData(this: unknown, data: unknown, prefix?: string): Record<string, string | number | boolean>;
  formatSignString(this: unknown, params: Record<string, unknown>): string;
}

export const SdkSign: SignClass = (require('tencentcloud-sdk-nodejs/tencentcloud/common/sign.js') as { default: SignClass }).default;

const proto = (
  require('tencentcloud-sdk-nodejs/tencentcloud/common/abstract_client.js') as { AbstractClient: { prototype: AbstractClientProto } }
).AbstractClient.prototype;

/** The SDK's mergeData: nested params to dotted names (what GET and v1 forms carry). */
export function sdkMergeData(data: unknown): Record<string, string | number | boolean> {
  return proto.mergeData.call(proto, data);
}

/** The SDK's v1 string to sign for a client at `endpoint` (host[:port]) using `reqMethod`. */
export function sdkFormatSignString(endpoint: string, reqMethod: 'GET' | 'POST', params: Record<string, unknown>): string {
  return proto.formatSignString.call({ endpoint, path: '/', profile: { httpProfile: { reqMethod } } }, params);
}
