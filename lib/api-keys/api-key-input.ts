import { z } from "zod";

export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1, "Name the key after what uses it").max(100, "At most 100 characters"),
});
export const apiKeyIdSchema = z.strictObject({ keyId: z.string() });
