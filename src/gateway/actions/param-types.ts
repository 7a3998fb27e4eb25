import { z } from 'zod';

/** Integer parameters as the SDK sends them (JSON numbers; int64 may exceed 2^53 only for ids we never issue). */
export const int = () => z.number().int();
export const sdkAppId = () => z.number().int().positive();
export const str = () => z.string();
export const variable = () => z.strictObject({ Key: z.string(), Value: z.string() });
