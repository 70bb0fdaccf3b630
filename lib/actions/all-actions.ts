// Every dashboard action module, imported for their side effect of registering with
// defineAction. An authorization matrix imports this file and walks registeredActions():
// adding an actions.ts beside a new route means adding its import here (tests/dashboard
// checks that every actions.ts under app/(dashboard) is listed).
import "@/app/(dashboard)/deliveries/actions";
import "@/app/(dashboard)/destinations/actions";
import "@/app/(dashboard)/failures/actions";
import "@/app/(dashboard)/settings/actions";

export { registeredActions, type RegisteredAction } from "./define-action";
