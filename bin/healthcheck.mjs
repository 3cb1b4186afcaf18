#!/usr/bin/env node
// The image's HEALTHCHECK (the base image has no shell or curl): GET /api/health on this container's own port.
// Exit 0 when it answers 200, 1 otherwise (503 = the last collection is stale, or no answer within 4 s).
const port = process.env.PORT || "3000";
try {
  const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(4_000) });
  if (response.status !== 200) console.error(`cascade healthcheck: /api/health answered ${response.status}`);
  process.exit(response.status === 200 ? 0 : 1);
} catch (error) {
  console.error(`cascade healthcheck: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
