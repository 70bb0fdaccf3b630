// Every dashboard action module, imported for their side effect of registering with
// defineAction. The authorization matrix imports this file and walks registeredActions():
// a new actions/<area>.ts must be listed here (tests/dashboard checks that every one is).
import "./deliveries";
import "./destinations";
import "./failures";
import "./settings";

export { registeredActions, type RegisteredAction } from "@/lib/actions/define-action";
