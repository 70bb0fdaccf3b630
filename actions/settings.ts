"use server";

import { defineAction } from "@/lib/actions/define-action";
import { revalidatePaths } from "@/lib/actions/revalidate";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/manage-api-keys";
import { createUser } from "@/lib/users/create-user";
import { changeUserRole, resetUserPassword, setUserActive } from "@/lib/users/manage-user";
import { signOutEverywhere } from "@/lib/users/sign-out-everywhere";
import {
  apiKeyIdSchema,
  changeRoleSchema,
  createApiKeySchema,
  createUserSchema,
  setUserActiveSchema,
  signOutEverywhereSchema,
  userIdSchema,
} from "./settings.validation";

// Thin: each action is a role check, a schema and one lib/ call (which writes the audit entry).

export const createUserAction = defineAction(
  { name: "settings.users.create", capability: "manageUsers", input: createUserSchema },
  async (input, { user, actor }) => {
    const created = await createUser(user.orgId, input, actor);
    revalidatePaths("/settings");
    return { id: created.user.id, email: created.user.email, password: created.password };
  },
);

export const changeUserRoleAction = defineAction(
  { name: "settings.users.changeRole", capability: "manageUsers", input: changeRoleSchema },
  async (input, { user, actor }) => {
    await changeUserRole(user.orgId, input.userId, input.role, actor);
    revalidatePaths("/settings");
    return null;
  },
);

export const setUserActiveAction = defineAction(
  { name: "settings.users.setActive", capability: "manageUsers", input: setUserActiveSchema },
  async (input, { user, actor }) => {
    await setUserActive(user.orgId, input.userId, input.active, actor);
    revalidatePaths("/settings");
    return null;
  },
);

export const resetUserPasswordAction = defineAction(
  { name: "settings.users.resetPassword", capability: "manageUsers", input: userIdSchema },
  async (input, { user, actor }) => {
    return resetUserPassword(user.orgId, input.userId, actor);
  },
);

/** Any signed-in user, for their own sessions only. */
export const signOutEverywhereAction = defineAction(
  { name: "settings.signOutEverywhere", capability: "read", input: signOutEverywhereSchema },
  async (_input, { user, actor }) => {
    await signOutEverywhere(user.orgId, user.id, actor);
    return { signedOut: true };
  },
);

export const createApiKeyAction = defineAction(
  { name: "settings.apiKeys.create", capability: "manageApiKeys", input: createApiKeySchema },
  async (input, { user, actor }) => {
    const { key, plaintext } = await createApiKey(user.orgId, input, actor);
    revalidatePaths("/settings");
    return { id: key.id, name: key.name, scopes: key.scopes, key: plaintext };
  },
);

export const revokeApiKeyAction = defineAction(
  { name: "settings.apiKeys.revoke", capability: "manageApiKeys", input: apiKeyIdSchema },
  async (input, { user, actor }) => {
    await revokeApiKey(user.orgId, input.keyId, actor);
    revalidatePaths("/settings");
    return null;
  },
);
