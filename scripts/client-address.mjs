// Preloaded into the Next.js server by `npm start` (node --import). Next keeps a client-sent
// X-Forwarded-For as it is and gives route handlers no socket address, so the rate limits could
// only count what the client claims. This writes the socket's address into a header of our own
// on every request — overwriting whatever the client sent under that name — for
// lib/http/client-address.ts, and marks the process so that module knows the header is ours.
// Hand-written: Next.js has no option for it.
import http from "node:http";

globalThis[Symbol.for("hookline.client-address-preload")] = true;

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitWithClientAddress(event, request, ...rest) {
  if (event === "request" && request && request.headers && request.socket)
    request.headers["x-hookline-client-address"] = request.socket.remoteAddress || "";
  return emit.call(this, event, request, ...rest);
};
