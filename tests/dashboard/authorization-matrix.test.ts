import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { registeredActions } from "../../actions/registry";
import { can, ROLES, type Role } from "../../lib/auth/roles";
import type { SessionUser } from "../../lib/auth/session";
import { useFreshDatabase, type TestDatabase } from "../helpers/db";
import { createOrg } from "../helpers/fixtures";
import { sessionUser } from "./session-users";

let db: TestDatabase;
const users = {} as Record<Role, SessionUser>;

beforeAll(async () => {
  db = await useFreshDatabase();
  const orgId = await createOrg(db.pool);
  for (const role of ROLES) users[role] = await sessionUser(db.pool, orgId, role);
});

function actionFiles(dir: string): string[] {
  return readdirSync(dir).filter(
    (entry) => entry.endsWith(".ts") && !entry.endsWith(".validation.ts") && entry !== "registry.ts",
  );
}

describe("the action registry", () => {
  it("lists every action module under actions/", () => {
    const listed = readFileSync("actions/registry.ts", "utf8");
    for (const file of actionFiles(path.resolve("actions"))) {
      const importPath = `./${file.replace(/\.ts$/, "")}`;
      expect(listed, `${importPath} is missing from actions/registry.ts`).toContain(`"${importPath}"`);
    }
    expect(registeredActions().length).toBeGreaterThanOrEqual(20);
  });
});

describe("authorization matrix: every action × every role", () => {
  // The role check runs before the input is parsed, so an empty input is enough to see it.
  for (const role of ROLES) {
    it(`${role}: refused exactly the actions its role lacks`, async () => {
      for (const action of registeredActions()) {
        const result = await action.run(users[role], {});
        if (can(role, action.capability)) {
          expect(result, `${action.name} as ${role}`).not.toMatchObject({ code: "forbidden" });
        } else {
          expect(result, `${action.name} as ${role}`).toEqual({
            ok: false,
            error: "Your role does not allow this",
            code: "forbidden",
          });
        }
      }
    });
  }

  it("no session: every action answers unauthorized", async () => {
    for (const action of registeredActions()) {
      expect(await action.run(null, {}), action.name).toMatchObject({ ok: false, code: "unauthorized" });
    }
  });

  it("an allowed role with bad input gets field errors, never a crash", async () => {
    for (const action of registeredActions()) {
      const result = await action.run(users.admin, { unexpected: 1 });
      expect(result.ok, action.name).toBe(false);
      if (!result.ok)
        expect(["validation_failed", "not_found"], `${action.name}: ${result.code} ${result.error}`).toContain(
          result.code,
        );
    }
  });
});
