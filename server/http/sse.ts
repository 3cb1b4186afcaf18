import "server-only";

// One Server-Sent Events stream: writes `event:`/`data:` frames, sends a heartbeat comment so proxies keep the
// connection, and cleans up once, whether the client leaves or the producer ends it.

const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

export interface SseChannel {
  send(event: string, data: unknown): void;
  close(): void;
}

/** `start` subscribes to whatever produces events and returns how to unsubscribe. */
export function sseResponse(request: Request, start: (channel: SseChannel) => () => void): Response {
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      let cleanup = () => {};
      const heartbeat = setInterval(() => write(": keep-alive\n\n"), HEARTBEAT_MS);
      stop = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      request.signal.addEventListener("abort", () => stop());
      write("retry: 2000\n\n");
      cleanup = start({ send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`), close: () => stop() });
      if (closed) cleanup();
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
