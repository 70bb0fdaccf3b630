// A webhook receiver meant to run in its own process (so its CPU is not the dispatcher's),
// on 127.0.0.1 only. Counts requests and distinct `webhook-id`s; GET /stats answers them.
// RECEIVER_MODE=chaos answers a random mix of 200, 500, 429 + Retry-After, slow replies,
// connection resets and slow bodies, for the fault suite. RECEIVER_DELAY_MS holds each "ok" answer
// that long (a test that must stop a dispatcher mid-run needs the run to take a known time).
import http from "node:http";

const mode = process.env.RECEIVER_MODE || "ok";
const delayMs = Number(process.env.RECEIVER_DELAY_MS || 0);
const port = Number(process.env.RECEIVER_PORT || 0);
const seen = new Map();
let requests = 0;
let successes = 0;

function chaos(req, res) {
  const r = Math.random();
  if (r < 0.55) return ok(req, res);
  if (r < 0.7) return reply(res, 500, '{"error":"chaos"}');
  if (r < 0.8) return reply(res, 429, '{"error":"slow down"}', { "retry-after": "1" });
  if (r < 0.87) return; // never answers: the sender's timeout fires
  if (r < 0.94) return req.socket.resetAndDestroy();
  // A slow body: headers now, the rest trickles in.
  res.writeHead(200, { "content-type": "text/plain" });
  res.write("partial");
  setTimeout(() => res.end("…done"), 300);
  count(req, true);
}

function reply(res, status, body, headers = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(body);
}

function count(req, success) {
  const id = String(req.headers["webhook-id"] ?? "");
  if (success) {
    successes += 1;
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
}

function ok(req, res) {
  count(req, true);
  reply(res, 200, '{"ok":true}');
}

const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/stats") {
    let duplicates = 0;
    for (const n of seen.values()) if (n > 1) duplicates += n - 1;
    return reply(res, 200, JSON.stringify({ requests, successes, distinct: seen.size, duplicates }));
  }
  if (req.method === "POST" && req.url === "/reset") {
    seen.clear();
    requests = successes = 0;
    return reply(res, 200, "{}");
  }
  req.resume();
  req.on("end", () => {
    requests += 1;
    if (mode === "chaos") chaos(req, res);
    else if (mode === "fail") reply(res, 500, '{"error":"down"}');
    else if (delayMs > 0) setTimeout(() => ok(req, res), delayMs);
    else ok(req, res);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(port, "127.0.0.1", () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
