import "server-only";

// One outgoing request of the Alertmanager channel or the heartbeat: 5 s for connecting and the whole answer, no
// redirect followed (a 3xx is a failure), an answer of at most 64 KiB read. Never throws: the result says what
// happened, in words that carry no URL and no credential.

export const SEND_TIMEOUT_MS = 5_000;
const MAX_ANSWER_BYTES = 64 * 1024;

export type SendResult = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** The URL without its user:password, and an Authorization header made of them (fetch refuses URLs with credentials). */
export function splitCredentials(raw: string): { url: string; headers: Record<string, string> } {
  const url = new URL(raw);
  if (!url.username && !url.password) return { url: url.toString(), headers: {} };
  const basic = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString("base64");
  url.username = "";
  url.password = "";
  return { url: url.toString(), headers: { authorization: `Basic ${basic}` } };
}

/** Where a URL points, for logs: scheme, host and port only. */
export const originOf = (raw: string) => {
  try {
    return new URL(raw).origin;
  } catch {
    return "(invalid URL)";
  }
};

export async function sendRequest(rawUrl: string, request: { method: string; body?: string; timeoutMs?: number }): Promise<SendResult> {
  const { url, headers } = splitCredentials(rawUrl);
  const controller = new AbortController();
  const timeoutMs = request.timeoutMs ?? SEND_TIMEOUT_MS;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let status: number | null = null;
  try {
    const response = await fetch(url, {
      method: request.method,
      headers: { ...headers, ...(request.body !== undefined ? { "content-type": "application/json" } : {}), "user-agent": "Cascade" },
      body: request.body,
      redirect: "manual",
      signal: controller.signal,
      cache: "no-store",
    });
    status = response.status;
    const answer = await readCapped(response);
    if (status >= 300 && status < 400) return { ok: false, status, error: `HTTP ${status}: redirects are not followed` };
    if (status < 200 || status >= 300) return { ok: false, status, error: `HTTP ${status}${answer ? `: ${answer.slice(0, 200)}` : ""}` };
    return { ok: true, status };
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, status, error: `no answer within ${timeoutMs} ms` };
    const cause = (error as { cause?: { code?: string } }).cause;
    return { ok: false, status, error: cause?.code === "ECONNREFUSED" ? "connection refused" : (cause?.code ?? "network error") };
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_ANSWER_BYTES) {
      // The rest is not read: a receiver that answers 10 MB is not waited for.
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8").trim();
}
