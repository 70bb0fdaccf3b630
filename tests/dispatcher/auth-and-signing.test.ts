import { Webhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { describe, expect, it } from "vitest";
import { generateSigningSecret } from "../../lib/crypto/tokens";
import { runDispatchCycle } from "../../lib/dispatcher/run-dispatch-cycle";
import { rotateSigningSecret } from "../../lib/destinations/rotate-signing-secret";
import { updateDestination } from "../../lib/destinations/update-destination";
import { createDestination, type DestinationInput } from "../helpers/fixtures";
import { type ReceivedRequest } from "../../test-support/receiver";
import { attemptRows, seedDeliveries, useDispatchTestbed } from "./support";

const SYSTEM = { userId: null, label: "system" };

const bed = useDispatchTestbed();

async function deliverOne(
  input: Omit<DestinationInput, "url">,
): Promise<{ request: ReceivedRequest; deliveryId: string; signingSecret: string; destinationId: string }> {
  const before = bed.receiver.requests.length;
  const destination = await createDestination(bed.pool, bed.orgId, { url: bed.receiver.url, ...input });
  const [deliveryId] = await seedDeliveries(bed.pool, bed.orgId, destination.id, 1);
  expect(await runDispatchCycle()).toMatchObject({ claimed: 1, delivered: 1 });
  expect(bed.receiver.requests.length).toBe(before + 1);
  return {
    request: bed.receiver.requests[before]!,
    deliveryId: deliveryId!,
    signingSecret: destination.signingSecret,
    destinationId: destination.id,
  };
}

// Two independent Standard Webhooks implementations verify every signature: the
// standardwebhooks package and svix's Webhook (the dispatcher signs with node:crypto).
function verifyWith(secret: string, request: ReceivedRequest): unknown {
  const headers = request.headers as Record<string, string>;
  new SvixWebhook(secret).verify(request.body, headers);
  return new Webhook(secret).verify(request.body, headers);
}

function expectRejected(secret: string, request: ReceivedRequest): void {
  const headers = request.headers as Record<string, string>;
  expect(() => new SvixWebhook(secret).verify(request.body, headers)).toThrow();
  expect(() => new Webhook(secret).verify(request.body, headers)).toThrow();
}

async function storedAttemptText(deliveryId: string): Promise<string> {
  return JSON.stringify(await attemptRows(bed.pool, deliveryId));
}

describe("auth as the receiver sees it", () => {
  it("none sends no Authorization", async () => {
    const { request } = await deliverOne({ authType: "none" });
    expect(request.headers.authorization).toBeUndefined();
  });

  it("basic", async () => {
    const { request, deliveryId } = await deliverOne({
      authType: "basic",
      authConfig: { username: "archive", password: "pa55-w0rd-SECRET" },
    });
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from("archive:pa55-w0rd-SECRET").toString("base64")}`);
    const stored = await storedAttemptText(deliveryId);
    expect(stored).not.toContain("pa55-w0rd-SECRET");
    expect(stored).not.toContain(Buffer.from("archive:pa55-w0rd-SECRET").toString("base64"));
    expect((await attemptRows(bed.pool, deliveryId))[0]!.request_headers.authorization).toBe("[redacted]");
  });

  it("bearer", async () => {
    const { request, deliveryId } = await deliverOne({
      authType: "bearer",
      authConfig: { token: "tok-SECRET-bearer" },
    });
    expect(request.headers.authorization).toBe("Bearer tok-SECRET-bearer");
    expect(await storedAttemptText(deliveryId)).not.toContain("tok-SECRET-bearer");
  });

  it("a custom header", async () => {
    const { request, deliveryId } = await deliverOne({
      authType: "header",
      authConfig: { name: "X-Alert-Key", value: "alert-SECRET-value" },
    });
    expect(request.headers["x-alert-key"]).toBe("alert-SECRET-value");
    expect(request.headers.authorization).toBeUndefined();
    const [attempt] = await attemptRows(bed.pool, deliveryId);
    expect(attempt!.request_headers["x-alert-key"]).toBe("[redacted]");
    expect(await storedAttemptText(deliveryId)).not.toContain("alert-SECRET-value");
  });

  it("a custom header stored under a message header's name never replaces or repeats it", async () => {
    // Input validation refuses these names; a row written before that rule (or by hand) must
    // still not change what identifies and signs the message.
    const { request, deliveryId } = await deliverOne({
      authType: "header",
      authConfig: { name: "Webhook-Id", value: "spoofed-SECRET-id" },
    });
    // Node's parser joins a repeated header with ", ": one value means it went out once.
    expect(request.headers["webhook-id"]).toBe(deliveryId);
    expect(await storedAttemptText(deliveryId)).not.toContain("spoofed-SECRET-id");
  });
});

describe("Standard Webhooks signing", () => {
  it("the receiver verifies the signature with the destination's secret", async () => {
    const { request, deliveryId, signingSecret } = await deliverOne({});
    expect(request.headers["webhook-id"]).toBe(deliveryId);
    expect(Math.abs(Number(request.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(5);
    expect(request.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    expect(verifyWith(signingSecret, request)).toMatchObject({ id: deliveryId, type: "user.login" });
    // Another secret, or a tampered body, does not verify.
    expectRejected(generateSigningSecret(), request);
    expect(() =>
      new Webhook(signingSecret).verify(
        request.body.replace("user.login", "user.logout"),
        request.headers as Record<string, string>,
      ),
    ).toThrow();
    // The stored attempt keeps the id and timestamp but not the signature.
    const [attempt] = await attemptRows(bed.pool, deliveryId);
    expect(attempt!.request_headers["webhook-signature"]).toBe("[redacted]");
    expect(attempt!.request_headers["webhook-id"]).toBe(deliveryId);
  });

  it("after a rotation (rotateSigningSecret) it signs with both secrets for 24 h, each signature verifying with its own", async () => {
    const destination = await createDestination(bed.pool, bed.orgId, { url: bed.receiver.url });
    const previous = destination.signingSecret;
    const { signingSecret: current } = await rotateSigningSecret(bed.orgId, destination.id, SYSTEM);
    expect(current).not.toBe(previous);

    // One event alone and a batch of three: every request carries two signatures.
    const before = bed.receiver.requests.length;
    await seedDeliveries(bed.pool, bed.orgId, destination.id, 1);
    expect(await runDispatchCycle()).toMatchObject({ claimed: 1, delivered: 1 });
    await bed.pool.query("UPDATE webhook_destinations SET batch_size = 3 WHERE id = $1", [destination.id]);
    await seedDeliveries(bed.pool, bed.orgId, destination.id, 3);
    expect(await runDispatchCycle()).toMatchObject({ claimed: 3, delivered: 3 });
    const requests = bed.receiver.requests.slice(before);
    const shapes = requests.map((r) => {
      const body = JSON.parse(r.body) as unknown;
      return Array.isArray(body) ? `batch of ${body.length}` : "single";
    });
    expect(shapes).toEqual(["single", "batch of 3"]);
    for (const request of requests) {
      const signatures = (request.headers["webhook-signature"] as string).split(" ");
      expect(signatures).toHaveLength(2);
      expect(verifyWith(current, request)).toBeTruthy();
      expect(verifyWith(previous, request)).toBeTruthy();
      // Each of the two signatures, sent alone, verifies with its own secret and not the other's.
      const alone = (signature: string) => ({
        ...request,
        headers: { ...request.headers, "webhook-signature": signature },
      });
      expect(verifyWith(current, alone(signatures[0]!))).toBeTruthy();
      expectRejected(previous, alone(signatures[0]!));
      expect(verifyWith(previous, alone(signatures[1]!))).toBeTruthy();
      expectRejected(current, alone(signatures[1]!));
    }

    // Once the previous secret has expired only the current one signs.
    await bed.pool.query(
      "UPDATE destination_previous_secrets SET expires_at = now() - interval '1 second' WHERE destination_id = $1",
      [destination.id],
    );
    await seedDeliveries(bed.pool, bed.orgId, destination.id, 1);
    await runDispatchCycle();
    const later = bed.receiver.requests.at(-1)!;
    expect((later.headers["webhook-signature"] as string).split(" ")).toHaveLength(1);
    expect(verifyWith(current, later)).toBeTruthy();
    expectRejected(previous, later);
  });
});

describe("batches", () => {
  it("the next cycle after a change uses the new secrets (decrypted credentials are reused only while unchanged)", async () => {
    const first = await deliverOne({ authType: "bearer", authConfig: { token: "tok-before" } });
    expect(first.request.headers.authorization).toBe("Bearer tok-before");
    const send = async () => {
      const before = bed.receiver.requests.length;
      await seedDeliveries(bed.pool, bed.orgId, first.destinationId, 1);
      expect(await runDispatchCycle()).toMatchObject({ claimed: 1, delivered: 1 });
      return bed.receiver.requests[before]!;
    };
    // Unchanged: the same token and secret again.
    const again = await send();
    expect(again.headers.authorization).toBe("Bearer tok-before");
    expect(verifyWith(first.signingSecret, again)).toBeTruthy();
    // A new token, then a rotated secret: each is used by the very next cycle.
    await updateDestination(bed.orgId, first.destinationId, { authType: "bearer", token: "tok-after" }, SYSTEM);
    expect((await send()).headers.authorization).toBe("Bearer tok-after");
    const { signingSecret: rotated } = await rotateSigningSecret(bed.orgId, first.destinationId, SYSTEM);
    const afterRotation = await send();
    expect((afterRotation.headers["webhook-signature"] as string).split(" ")).toHaveLength(2);
    expect(verifyWith(rotated, afterRotation)).toBeTruthy();
  });

  it("sends up to batch_size events in one signed POST with a JSON array", async () => {
    const before = bed.receiver.requests.length;
    const destination = await createDestination(bed.pool, bed.orgId, { url: bed.receiver.url, batchSize: 3 });
    const ids = await seedDeliveries(bed.pool, bed.orgId, destination.id, 7);
    expect(await runDispatchCycle()).toMatchObject({ claimed: 7, delivered: 7 });
    const requests = bed.receiver.requests.slice(before);
    expect(requests).toHaveLength(3);
    const bodies = requests.map((r) => JSON.parse(r.body) as { id: string; type: string }[]);
    expect(bodies.map((b) => b.length).sort()).toEqual([1, 3, 3]);
    expect(
      bodies
        .flat()
        .map((e) => e.id)
        .sort(),
    ).toEqual([...ids].sort());
    for (const request of requests) {
      expect(verifyWith(destination.signingSecret, request)).toBeInstanceOf(Array);
      const events = JSON.parse(request.body) as { id: string }[];
      if (events.length > 1) expect(request.headers["webhook-id"]).toMatch(/^batch_[0-9a-f]{32}$/);
    }
    const { rows } = await bed.pool.query<{ n: number; batch_size: number }>(
      "SELECT count(*)::int AS n, max(batch_size) AS batch_size FROM webhook_delivery_attempts WHERE delivery_id = ANY($1)",
      [ids],
    );
    expect(rows[0]).toEqual({ n: 7, batch_size: 3 });
  });

  it("a failed batch fails every delivery in it", async () => {
    bed.receiver.respond((_request, response) => {
      response.writeHead(500);
      response.end("nope");
    });
    const destination = await createDestination(bed.pool, bed.orgId, {
      url: bed.receiver.url,
      batchSize: 5,
      retryMax: 3,
      retryBackoffMs: 60_000,
    });
    const ids = await seedDeliveries(bed.pool, bed.orgId, destination.id, 4);
    expect(await runDispatchCycle()).toMatchObject({ claimed: 4, failed: 4 });
    const { rows } = await bed.pool.query(
      "SELECT DISTINCT status, attempts, response_status FROM webhook_deliveries WHERE id = ANY($1)",
      [ids],
    );
    expect(rows).toEqual([{ status: "failed", attempts: 1, response_status: 500 }]);
  });
});
