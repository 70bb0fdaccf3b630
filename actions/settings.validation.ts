// The settings forms and their server actions validate with the same schemas.
import "../lib/validation/zod-in-browser";
import { z } from "zod";
export {
  changeRoleSchema,
  createUserSchema,
  setUserActiveSchema,
  userIdSchema,
  type CreateUserInput,
} from "@/lib/users/user-input";
export { apiKeyIdSchema, createApiKeySchema } from "@/lib/api-keys/api-key-input";

/** "Sign out everywhere" acts on the signed-in user only: it takes no input. */
export const signOutEverywhereSchema = z.strictObject({});
