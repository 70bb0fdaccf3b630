import { randomBytes } from "node:crypto";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { describe, expect, it, vi } from "vitest";
import { createWebhookSigner } from "../../lib/dispatcher/webhook-signer";

describe("createWebhookSigner (node:crypto HMAC)", () => {
  it("reproduces the Standard Webhooks specification's published vector", () => {
    const signer = createWebhookSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    const signature = signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", new Date(1614265330 * 1000), '{"test": 2432232314}');
    expect(signature).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("the vector verifies under standardwebhooks and svix too, and a changed byte does not (at the vector's own time)", () => {
    // Both libraries refuse a timestamp more than five minutes from their clock.
    vi.useFakeTimers({ now: 1614265330 * 1000 + 60_000, toFake: ["Date"] });
    try {
      const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
      const headers = {
        "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "webhook-timestamp": "1614265330",
        "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
      };
      expect(new StandardWebhook(secret).verify('{"test": 2432232314}', headers)).toEqual({ test: 2432232314 });
      expect(new SvixWebhook(secret).verify('{"test": 2432232314}', headers)).toEqual({ test: 2432232314 });
      expect(() => new StandardWebhook(secret).verify('{"test": 2432232315}', headers)).toThrow();
      expect(() => new SvixWebhook(secret).verify('{"test": 2432232315}', headers)).toThrow();
    } finally {
      vi.useRealTimers();
    }
  });

  it("signs what standardwebhooks and svix both verify, for any secret and body", () => {
    for (let i = 0; i < 50; i++) {
      const secret = `whsec_${randomBytes(24 + i).toString("base64")}`;
      const id = `msg_${randomBytes(8).toString("hex")}`;
      const now = new Date();
      const body = JSON.stringify({ i, text: "ünïcödé ✓ \u2028", n: randomBytes(i).toString("hex") });
      const headers = {
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
        "webhook-signature": createWebhookSigner(secret).sign(id, now, body),
      };
      expect(() => new StandardWebhook(secret).verify(body, headers)).not.toThrow();
      expect(() => new SvixWebhook(secret).verify(body, headers)).not.toThrow();
    }
  });

  it("refuses a secret that is not base64 or is empty", () => {
    expect(() => createWebhookSigner("whsec_not base64!")).toThrow(/base64/);
    expect(() => createWebhookSigner("whsec_")).toThrow(/empty/);
  });
});
