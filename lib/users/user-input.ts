import "../validation/zod-in-browser";
import { z } from "zod";
import { ROLES } from "../auth/roles";

// Client-safe: the settings forms validate with the same schemas the server applies.

export const roleSchema = z.enum(ROLES, "Choose admin, lead or viewer");

export const createUserSchema = z.strictObject({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter an email address").max(255, "At most 255 characters")),
  name: z.string().trim().min(1, "Enter a name").max(100, "At most 100 characters"),
  role: roleSchema,
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const changeRoleSchema = z.strictObject({ userId: z.string(), role: roleSchema });
export const userIdSchema = z.strictObject({ userId: z.string() });
export const setUserActiveSchema = z.strictObject({ userId: z.string(), active: z.boolean() });
