import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Before any module creates its logger: lines at every level.
vi.hoisted(() => {
  process.env.LOG_LEVEL = "debug";
});

import { z } from "zod";
import { defineAction } from "../../lib/actions/define-action";
import { captureLogLines } from "../../lib/log/logger";
import { runWithRequestId } from "../../lib/log/request-context";
import { parseJsonLines } from "./support";

// A dashboard server action logs through the app's logger, so its lines carry the request id
// of the POST that invoked it (proxy.ts sets x-request-id; the exported action reads it and
// runs in that context) — as API routes' lines do. Read from pino's real output.

let output = "";
let release: () => void = () => {};
beforeAll(() => {
  release = captureLogLines({ write: (line: string) => (output += line) });
});
afterAll(() => release());

const kaput = defineAction({ name: "test.kaput", capability: "read", input: z.object({}) }, async () => {
  throw new Error("kaput: unexpected");
});
const user = {
  id: "00000000-0000-4000-8000-000000000001",
  orgId: "00000000-0000-4000-8000-000000000002",
  orgName: "Org",
  role: "viewer" as const,
  name: "V",
  email: "v@example.test",
};

describe("dashboard action logs", () => {
  it("an action failing unexpectedly logs the error with its request id, and answers a generic message", async () => {
    const result = await runWithRequestId("req-dashboard-1", () => kaput.run(user, {}));
    expect(result).toMatchObject({ ok: false, code: "internal" });
    expect(JSON.stringify(result)).not.toContain("kaput");
    const lines = parseJsonLines(output).filter((line) => line.msg === "server action failed");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      requestId: "req-dashboard-1",
      component: "dashboard-action",
      action: "test.kaput",
      service: "hookline",
    });
  });
});
