import { AppError, ValidationError } from "../errors";

export const ONE_MIB = 1024 * 1024;

export class PayloadTooLargeError extends AppError {
  constructor(readonly limitBytes: number) {
    super(`Request body exceeds ${limitBytes} bytes`, 413, "payload_too_large");
  }
}

/**
 * Reads and parses a JSON body without ever holding more than `limitBytes`: Content-Length is
 * checked first (cheap rejection), then the stream is counted as it arrives, because a
 * chunked body or a lying header would otherwise let a client make us buffer anything.
 */
export async function readJsonBody(request: Request, limitBytes = ONE_MIB): Promise<unknown> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limitBytes) throw new PayloadTooLargeError(limitBytes);
  const text = await readLimitedText(request, limitBytes);
  if (text.trim() === "")
    throw new ValidationError("Request body is empty; send a JSON object", { body: ["Required"] });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError("Request body is not valid JSON", { body: ["Malformed JSON"] });
  }
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
