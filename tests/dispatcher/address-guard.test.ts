import { afterAll, describe, expect, it } from "vitest";
import { assertDestinationUrlAllowed, DestinationAddressError } from "../../lib/dispatcher/address-guard";
import { runDispatchCycle } from "../../lib/dispatcher/run-dispatch-cycle";
import { createDestination } from "../helpers/fixtures";
import { attemptRows, deliveryRow, seedDeliveries, useDispatchTestbed } from "./support";

const bed = useDispatchTestbed();
afterAll(() => {
  process.env.ALLOW_PRIVATE_DESTINATIONS = "true";
});

describe("address guard", () => {
  it("refuses loopback, private, metadata and names resolving to them at save", async () => {
    process.env.ALLOW_PRIVATE_DESTINATIONS = "false";
    for (const url of [
      `http://127.0.0.1:${bed.receiver.port}/hook`,
      "http://10.0.0.1/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]/hook",
      `http://localhost:${bed.receiver.port}/hook`,
    ]) {
      await expect(assertDestinationUrlAllowed(url), url).rejects.toBeInstanceOf(DestinationAddressError);
    }
    await expect(assertDestinationUrlAllowed("ftp://127.0.0.1/x")).rejects.toThrow(/http/);
  });

  it("allows them when ALLOW_PRIVATE_DESTINATIONS=true", async () => {
    process.env.ALLOW_PRIVATE_DESTINATIONS = "true";
    await expect(assertDestinationUrlAllowed(`http://localhost:${bed.receiver.port}/hook`)).resolves.toBeInstanceOf(
      URL,
    );
    await expect(assertDestinationUrlAllowed("http://10.0.0.1/hook")).resolves.toBeInstanceOf(URL);
  });

  it("refuses at send time too, after DNS, with the attempt marked blocked", async () => {
    process.env.ALLOW_PRIVATE_DESTINATIONS = "false";
    // Rows written directly (as if saved while private destinations were allowed, or by DNS rebinding).
    const urls = [
      `http://127.0.0.1:${bed.receiver.port}/hook`,
      "http://10.0.0.1/hook",
      "http://169.254.169.254/latest/meta-data",
      `http://[::1]:${bed.receiver.port}/hook`,
      `http://localhost:${bed.receiver.port}/hook`,
    ];
    const ids: string[] = [];
    for (const url of urls) {
      const destination = await createDestination(bed.pool, bed.orgId, {
        url,
        retryMax: 3,
        retryBackoffMs: 60_000,
        timeoutMs: 1000,
      });
      ids.push(...(await seedDeliveries(bed.pool, bed.orgId, destination.id, 1)));
    }
    expect(await runDispatchCycle()).toMatchObject({ claimed: 5, delivered: 0, failed: 5 });
    expect(bed.receiver.requests).toHaveLength(0);
    for (const [index, id] of ids.entries()) {
      const [attempt] = await attemptRows(bed.pool, id);
      expect(attempt!.outcome, urls[index]).toBe("blocked");
      expect((await deliveryRow(bed.pool, id)).error_message).toMatch(/private, loopback or reserved/);
    }
    // The name case was refused on the resolved address.
    expect((await deliveryRow(bed.pool, ids[4]!)).error_message).toMatch(/localhost resolved to/);
  });

  it("sends once private destinations are allowed", async () => {
    process.env.ALLOW_PRIVATE_DESTINATIONS = "true";
    const destination = await createDestination(bed.pool, bed.orgId, {
      url: `http://localhost:${bed.receiver.port}/hook`,
    });
    await seedDeliveries(bed.pool, bed.orgId, destination.id, 1);
    expect(await runDispatchCycle()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(bed.receiver.requests).toHaveLength(1);
  });
});
