"use server";

import { defineAction } from "@/lib/actions/define-action";
import { revalidatePaths } from "@/lib/actions/revalidate";
import { sendTestEvent } from "@/lib/dispatcher/send-test-event";
import {
  countDestinationDeliveries,
  createDestination,
  deleteDestination,
  previewEventFilter,
  revealSigningSecret,
  rotateSigningSecret,
  setDestinationEnabled,
  updateDestination,
} from "@/lib/destinations";
import {
  destinationFormSchema,
  destinationIdSchema,
  previewFilterSchema,
  setEnabledSchema,
  updateDestinationSchema,
} from "./destinations.validation";

// lib/destinations validates the values (schema, then the address guard with DNS) and writes the
// audit entry; a ValidationError's field errors come back keyed by form field.

export const createDestinationAction = defineAction(
  { name: "destinations.create", capability: "manageDestinations", input: destinationFormSchema },
  async (input, { user, actor }) => {
    const { destination, signingSecret } = await createDestination(user.orgId, input, actor);
    revalidatePaths("/destinations");
    return { id: destination.id, signingSecret };
  },
);

export const updateDestinationAction = defineAction(
  { name: "destinations.update", capability: "manageDestinations", input: updateDestinationSchema },
  async (input, { user, actor }) => {
    const destination = await updateDestination(user.orgId, input.id, input.values, actor);
    revalidatePaths("/destinations", `/destinations/${input.id}`);
    return { id: destination.id };
  },
);

export const setDestinationEnabledAction = defineAction(
  { name: "destinations.setEnabled", capability: "manageDestinations", input: setEnabledSchema },
  async (input, { user, actor }) => {
    await setDestinationEnabled(user.orgId, input.id, input.enabled, actor);
    revalidatePaths("/destinations", `/destinations/${input.id}`);
    return { enabled: input.enabled };
  },
);

/** For the delete confirmation: how many deliveries go with it. */
export const countDestinationDeliveriesAction = defineAction(
  { name: "destinations.countDeliveries", capability: "manageDestinations", input: destinationIdSchema },
  async (input, { user }) => {
    return { deliveries: await countDestinationDeliveries(user.orgId, input.id) };
  },
);

export const deleteDestinationAction = defineAction(
  { name: "destinations.delete", capability: "manageDestinations", input: destinationIdSchema },
  async (input, { user, actor }) => {
    const result = await deleteDestination(user.orgId, input.id, actor);
    revalidatePaths("/destinations", "/deliveries", "/");
    return result;
  },
);

export const rotateSigningSecretAction = defineAction(
  { name: "destinations.rotateSecret", capability: "manageDestinations", input: destinationIdSchema },
  async (input, { user, actor }) => {
    const result = await rotateSigningSecret(user.orgId, input.id, actor);
    revalidatePaths(`/destinations/${input.id}`);
    return result;
  },
);

export const revealSigningSecretAction = defineAction(
  { name: "destinations.revealSecret", capability: "revealSecrets", input: destinationIdSchema },
  async (input, { user, actor }) => {
    return revealSigningSecret(user.orgId, input.id, actor);
  },
);

/** Sends a signed hookline.test event now and reports the receiver's answer. */
export const sendTestEventAction = defineAction(
  { name: "destinations.sendTest", capability: "manageDestinations", input: destinationIdSchema },
  async (input, ctx) => {
    const result = await sendTestEvent(ctx.user.orgId, input.id);
    await ctx.audit("destination.test_sent", "destination", input.id, {
      deliveryId: result.deliveryId,
      ok: result.ok,
      status: result.status,
    });
    revalidatePaths(`/destinations/${input.id}`, "/deliveries");
    return result;
  },
);

/** How many of the last 1,000 activity logs the form's event types and filter would match. */
export const previewEventFilterAction = defineAction(
  { name: "destinations.previewFilter", capability: "read", input: previewFilterSchema },
  async (input, { user }) => {
    return previewEventFilter(user.orgId, {
      eventTypes: input.eventTypes,
      eventFilter: input.eventFilter,
      eventFilterText: input.eventFilterText,
    });
  },
);
