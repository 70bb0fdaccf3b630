// The settings forms and their server actions validate with the same schemas.
export {
  changeRoleSchema,
  createUserSchema,
  setUserActiveSchema,
  userIdSchema,
  type CreateUserInput,
} from "@/lib/users/user-input";
export { apiKeyIdSchema, createApiKeySchema } from "@/lib/api-keys/api-key-input";
