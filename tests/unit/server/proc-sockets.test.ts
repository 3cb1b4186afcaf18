import { describe, expect, it } from "vitest";
import { listeningPorts, listeningPortsOf } from "@/server/init/proc-sockets";

// Reading the ports a process tree listens on from /proc, as `cascade init` does for host-network containers.

const TABLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:4A62 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 31337 1 0000000000000000 100 0 0 10 0
   1: 0100007F:4A62 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 31338 1 0000000000000000 20 4 30 10 -1
   2: 00000000:238C 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 99999 1 0000000000000000 100 0 0 10 0`;

describe("listening sockets", () => {
  it("reads only LISTEN rows whose socket the process holds", () => {
    expect(listeningPortsOf(TABLE, new Set(["31337", "31338"]))).toEqual([0x4a62]);
    expect(listeningPortsOf(TABLE, new Set(["99999"]))).toEqual([9100]);
    expect(listeningPortsOf("", new Set(["1"]))).toEqual([]);
  });

  it("finds a real server's port from this process's own /proc, and says when a process is not visible", async () => {
    const http = await import("node:http");
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      expect(await listeningPorts(process.pid)).toContain(port);
    } finally {
      server.close();
    }
    await expect(listeningPorts(2 ** 22 + 7)).rejects.toThrow(/is not visible here/);
  });
});
