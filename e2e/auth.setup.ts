import { mkdirSync } from "node:fs";
import path from "node:path";
import { test as setup } from "@playwright/test";
import { E2E } from "./support/env";
import { storageStateFor } from "./support/sign-in";
import { authFile } from "./support/auth-files";

setup("sign in once per role and keep the storage state", async () => {
  mkdirSync(path.dirname(authFile("admin")), { recursive: true });
  for (const role of E2E.roles) await storageStateFor(E2E.accounts[role], authFile(role));
});
