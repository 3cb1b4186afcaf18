// auren-api: a miniature of the incident's "biometric API". It serves /metrics through prom-client with the default
// process metrics and the AUREN families, and simulates traffic so the counters move. While the file
// $STATE_DIR/metrics-broken exists, /metrics fails the way the incident's did: HTTP 500 with the NameError of a
// missing import. The switch is a file, not memory, so it survives a restart like the real bug did.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import client from "prom-client";

const port = Number(process.env.PORT || 18888);
const host = process.env.HOST || "127.0.0.1";
const brokenFlag = path.join(process.env.STATE_DIR || "/state", "metrics-broken");

const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

const webhookRequests = new client.Counter({
  name: "auren_webhook_requests_total",
  help: "Webhook requests received, by source device platform and outcome.",
  labelNames: ["source", "status"],
  registers: [registry],
});
const webhookDuration = new client.Histogram({
  name: "auren_webhook_processing_duration_seconds",
  help: "Time spent processing one webhook, from receipt to acknowledgement.",
  labelNames: ["source"],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});
const memoryTierOperations = new client.Counter({
  name: "auren_memory_tier_operations_total",
  help: "Operations on the agent memory tiers.",
  labelNames: ["tier", "operation", "status"],
  registers: [registry],
});
const memoryTierItems = new client.Gauge({
  name: "auren_memory_tier_items",
  help: "Items currently held in each memory tier.",
  labelNames: ["tier"],
  registers: [registry],
});
const modeSwitches = new client.Counter({
  name: "auren_neuros_mode_switches_total",
  help: "NEUROS cognitive mode switches, by previous and next mode.",
  labelNames: ["from_mode", "to_mode"],
  registers: [registry],
});
const biometricEvents = new client.Counter({
  name: "auren_biometric_events_processed_total",
  help: "Biometric events processed, by device and event type.",
  labelNames: ["device_type", "event_type"],
  registers: [registry],
});
const activeSessions = new client.Gauge({
  name: "auren_active_sessions",
  help: "User sessions active right now.",
  registers: [registry],
});

const SOURCES = ["oura", "whoop", "apple_health", "garmin"];
const TIERS = ["redis_hot", "postgres_warm", "chromadb_cold"];
const OPERATIONS = ["store", "retrieve", "promote", "demote"];
const MODES = ["baseline", "reflex", "hypothesis", "companion", "sentinel"];
const EVENTS = ["hrv", "sleep_stage", "heart_rate", "readiness"];
const pick = (list) => list[Math.floor(Math.random() * list.length)];

// Every label combination exists from the start at 0, as a careful exporter does, so rate() has data at once.
for (const source of SOURCES) for (const status of ["success", "error"]) webhookRequests.labels({ source, status }).inc(0);
for (const tier of TIERS)
  for (const operation of OPERATIONS)
    for (const status of ["success", "error"]) {
      memoryTierOperations.labels({ tier, operation, status }).inc(0);
    }
for (const source of SOURCES) for (const event_type of EVENTS) biometricEvents.labels({ device_type: source, event_type }).inc(0);

let mode = "baseline";
function simulateTraffic() {
  const source = pick(SOURCES);
  webhookRequests.inc({ source, status: Math.random() < 0.97 ? "success" : "error" });
  webhookDuration.observe({ source }, Math.random() * 0.3);
  biometricEvents.inc({ device_type: source, event_type: pick(EVENTS) });
  memoryTierOperations.inc({ tier: pick(TIERS), operation: pick(OPERATIONS), status: "success" });
  for (const tier of TIERS) memoryTierItems.set({ tier }, Math.floor(1000 + Math.random() * 500));
  activeSessions.set(Math.floor(5 + Math.random() * 20));
  if (Math.random() < 0.2) {
    const next = pick(MODES.filter((candidate) => candidate !== mode));
    modeSwitches.inc({ from_mode: mode, to_mode: next });
    mode = next;
  }
}
simulateTraffic();
setInterval(simulateTraffic, 500).unref();

const INCIDENT_BODY = `Traceback (most recent call last):
  File "/app/complete_biometric_system.py", line 1082, in get_metrics
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
NameError: name 'Response' is not defined
`;

const server = http.createServer(async (request, response) => {
  const url = new URL(request.url ?? "/", "http://localhost");
  if (url.pathname === "/metrics") {
    if (fs.existsSync(brokenFlag)) {
      console.error(`ERROR: Exception in ASGI application\n${INCIDENT_BODY.trimEnd()}`);
      response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end(`500 NameError: name 'Response' is not defined\n\n${INCIDENT_BODY}`);
      return;
    }
    response.writeHead(200, { "content-type": registry.contentType });
    response.end(await registry.metrics());
    return;
  }
  if (url.pathname === "/health") {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ status: "ok" }));
    return;
  }
  response.writeHead(404, { "content-type": "application/json" });
  response.end(JSON.stringify({ detail: "Not Found" }));
});

server.listen(port, host, () => console.log(`INFO: auren-api listening on http://${host}:${port} (metrics at /metrics)`));
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    console.log(`INFO: received ${signal}, shutting down`);
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
