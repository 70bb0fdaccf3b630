import { AppError, ValidationError } from "../errors";
import { MAX_JSON_DEPTH, MAX_JSON_NODES } from "../ingest/json-limits";

// A body may wrap its documents in a few levels (a batch's {"events": [{"payload": …}]}), and a
// batch of 500 events holds many documents' values.
const BODY_MAX_DEPTH = MAX_JSON_DEPTH + 4;
const BODY_MAX_VALUES = 2 * MAX_JSON_NODES;

/**
 * How deep the JSON text nests and about how many values it holds, read off the text in one
 * pass without parsing it: JSON.parse builds the whole tree first (a 1 MiB body of nested
 * arrays is ~500,000 values), so a body that is certainly too deep or too large is refused
 * before it is built. Hand-written: JSON parsers offer no such limits.
 */
export function jsonTextShapeProblem(text: string): string | null {
  let depth = 0;
  let values = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > BODY_MAX_DEPTH) return `Nested deeper than ${MAX_JSON_DEPTH} levels`;
      values++;
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x2c && ++values > BODY_MAX_VALUES)
      return `Too large: at most ${BODY_MAX_VALUES.toLocaleString("en-US")} values in one request`;
  }
  return null;
}

export const ONE_MIB = 1024 * 1024;

export class PayloadTooLargeError extends AppError {
  constructor(readonly limitBytes: number) {
    super(`Request body exceeds ${limitBytes} bytes`, 413, "payload_too_large");
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(received: string | null) {
    super(
      `Send the body as JSON with 'Content-Type: application/json'${received ? ` (received ${received.slice(0, 100)})` : ""}`,
      415,
      "unsupported_media_type",
    );
  }
}

/** application/json or a +json type such as application/merge-patch+json, with any parameters. */
function isJsonMediaType(header: string | null): boolean {
  if (!header) return false;
  const type = header.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(type);
}

/**
 * Reads and parses a JSON body without ever holding more than `limitBytes`: the media type
 * and Content-Length are checked first (cheap rejection), then the stream is counted as it
 * arrives, because a chunked body or a lying header would otherwise let a client make us
 * buffer anything.
 */
export async function readJsonBody(request: Request, limitBytes = ONE_MIB): Promise<unknown> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limitBytes) throw new PayloadTooLargeError(limitBytes);
  const contentType = request.headers.get("content-type");
  if (!isJsonMediaType(contentType)) throw new UnsupportedMediaTypeError(contentType);
  const text = await readLimitedText(request, limitBytes);
  if (text.trim() === "")
    throw new ValidationError("Request body is empty; send a JSON object", { body: ["Required"] });
  const shape = jsonTextShapeProblem(text);
  if (shape) throw new ValidationError(shape, { body: [shape] });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError("Request body is not valid JSON", { body: ["Malformed JSON"] });
  }
}

// An operation that takes no fields still reads what was sent: a client that sends
// `{"force": true}` to an action that has no such option should hear so, not see it ignored.
const NO_BODY_LIMIT = 4 * 1024;

/** For operations without a request body: nothing, or an empty JSON object, is accepted. */
export async function readNoBody(request: Request): Promise<void> {
  if (!request.body) return;
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > NO_BODY_LIMIT) throw new PayloadTooLargeError(NO_BODY_LIMIT);
  const text = await readLimitedText(request, NO_BODY_LIMIT);
  if (text.trim() === "") return;
  const contentType = request.headers.get("content-type");
  if (!isJsonMediaType(contentType)) throw new UnsupportedMediaTypeError(contentType);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError("Request body is not valid JSON", { body: ["Malformed JSON"] });
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw new ValidationError("This operation takes no request body", { body: ["Send no body, or {}"] });
  const fields = Object.keys(parsed);
  if (fields.length > 0)
    throw new ValidationError(
      "This operation takes no fields",
      Object.fromEntries(fields.slice(0, 20).map((field) => [field, ["Unknown field; this operation takes none"]])),
    );
}

async function readLimitedText(request: Request, limitBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => {});
      throw new PayloadTooLargeError(limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString("utf8");
}
