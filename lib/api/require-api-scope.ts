import type { ApiKeyScope } from "../api-keys/api-key-scopes";
import { AppError } from "../errors";
import type { ApiPrincipal } from "./authenticate-api-key";

export class InsufficientScopeError extends AppError {
  constructor(
    readonly required: ApiKeyScope,
    held: readonly ApiKeyScope[],
  ) {
    super(
      `This API key has the ${held.join(" and ")} scope${held.length === 1 ? "" : "s"}; this operation needs the ${required} scope. ` +
        `An admin can create a key with the ${required} scope under Settings → API keys.`,
      403,
      "insufficient_scope",
    );
  }
}

/** A key without `scope` is refused (403) before anything is read or stored. */
export function requireApiScope(principal: ApiPrincipal, scope: ApiKeyScope): void {
  if (!principal.scopes.includes(scope)) throw new InsufficientScopeError(scope, principal.scopes);
}
