import "server-only";

// One HTTP request to a notification receiver. Deliberately not the upstream helper: a receiver is never followed
// through a redirect (a 3xx is a failure, so a redirect to a private address goes nowhere), the deadline covers
// connecting and reading, and at most MAX_ANSWER_BYTES of the answer are read (a receiver that answers 10 MB costs
// us 64 KB). Never throws: every outcome is an answer to record.

export const SEND_TIMEOUT_MS = 5_000;
export const MAX_ANSWER_BYTES = 64 * 1024;

export interface SendRequest {
  method: "POST" | "PATCH" | "PUT";
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs?: number;
}

export interface SendAnswer {
  ok: boolean;
  status: number | null;
  /** `HTTP 200`, `HTTP 301 (redirects are not followed)`, `timeout after 5000 ms`, `connection refused`. */
  answer: string;
  /** The first MAX_ANSWER_BYTES of the body (utf-8). */
  body: string;
}

function networkProblem(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === "ECONNREFUSED") return "connection refused";
  if (cause?.code === "ECONNRESET" || cause?.code === "UND_ERR_SOCKET") return "connection reset";
  if (cause?.code === "ENOTFOUND" || cause?.code === "EAI_AGAIN") return "host not found";
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}

async function readBounded(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  while (bytes < MAX_ANSWER_BYTES) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks).toString("utf8");
    chunks.push(value);
    bytes += value.byteLength;
  }
  // Enough: the rest is never read.
  await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString("utf8");
}

/** A short, single-line excerpt of an answer's body for the delivery record. */
const excerpt = (body: string) => body.replace(/\s+/g, " ").trim().slice(0, 200);

export async function sendRequest(request: SendRequest): Promise<SendAnswer> {
  const timeoutMs = request.timeoutMs ?? SEND_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal: controller.signal,
      cache: "no-store",
    });
    const body = await readBounded(response);
    const { status } = response;
    const ok = status >= 200 && status < 300;
    const redirect = status >= 300 && status < 400 ? " (redirects are not followed)" : "";
    const text = excerpt(body);
    return { ok, status, body, answer: `HTTP ${status}${redirect}${!ok && text ? `: ${text}` : ""}` };
  } catch (error) {
    const answer = controller.signal.aborted ? `timeout after ${timeoutMs} ms` : networkProblem(error);
    return { ok: false, status: null, body: "", answer };
  } finally {
    clearTimeout(timer);
  }
}
