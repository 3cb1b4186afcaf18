import { describe, expect, it } from "vitest";
import { demultiplexLog, tailLines } from "@/server/upstreams/docker/log-stream";

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe("demultiplexLog", () => {
  it("joins stdout and stderr frames in order", () => {
    const buffer = Buffer.concat([
      frame(2, 'level=info msg="Received SIGTERM, exiting gracefully..."\n'),
      frame(1, "See you next time!\n"),
    ]);
    expect(demultiplexLog(buffer)).toBe('level=info msg="Received SIGTERM, exiting gracefully..."\nSee you next time!\n');
  });

  it("keeps a truncated last frame rather than dropping it", () => {
    const whole = frame(1, "hello world\n");
    expect(demultiplexLog(whole.subarray(0, whole.length - 3))).toBe("hello wor");
  });

  it("passes a TTY log through as text", () => {
    expect(demultiplexLog(Buffer.from("plain tty output\n"))).toBe("plain tty output\n");
  });
});

describe("tailLines", () => {
  it("keeps the last non-empty lines and cuts very long ones", () => {
    expect(tailLines("a\n\nb\r\nc\n", 2)).toEqual(["b", "c"]);
    expect(tailLines("x".repeat(600), 1, 10)).toEqual([`${"x".repeat(10)}…`]);
  });
});
