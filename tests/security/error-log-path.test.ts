import { afterAll, describe, expect, it, vi } from "vitest";

// Before any module creates its logger: lines at every level, so the test sees them all.
vi.hoisted(() => {
  process.env.LOG_LEVEL = "debug";
});

import { errorResponse } from "../../lib/api/handle-route";
import { captureLogLines } from "../../lib/log/logger";

// A query string may carry values that do not belong in logs (a token pasted into a URL, a
// search for a customer's e-mail): API error lines record the path only.
let output = "";
const release = captureLogLines({ write: (line: string) => (output += line) });
afterAll(() => release());

describe("API error logs", () => {
  it("carry the request's path, not its query string", () => {
    const request = new Request("http://127.0.0.1/api/v1/deliveries?q=ann%40customer.example&token=s3cret", {
      method: "GET",
    });
    const response = errorResponse(new Error("boom"), request);
    expect(response.status).toBe(500);
    const lines = output
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = lines.find((l) => l.msg === "unhandled error in API route");
    expect(line).toMatchObject({ method: "GET", path: "/api/v1/deliveries" });
    expect(output).not.toContain("s3cret");
    expect(output).not.toContain("customer.example");
  });
});
