import "../validation/zod-in-browser";
import { z } from "zod";
import { API_KEY_SCOPES, DEFAULT_API_KEY_SCOPES } from "./api-key-scopes";

export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1, "Name the key after what uses it").max(100, "At most 100 characters"),
  scopes: z
    .array(z.enum(API_KEY_SCOPES, "A scope is ingest or manage"), "Choose at least one scope")
    .min(1, "Choose at least one scope")
    .max(10, "At most 10 scopes")
    .transform((scopes) => API_KEY_SCOPES.filter((scope) => scopes.includes(scope)))
    .default([...DEFAULT_API_KEY_SCOPES]),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;
export const apiKeyIdSchema = z.strictObject({ keyId: z.string() });
