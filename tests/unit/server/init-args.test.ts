import { describe, expect, it } from "vitest";
import { parseInitArgs } from "@/server/init/run-init";

// `cascade init --engine` with Docker's TLS flag names (all three, tcp:// only) and `--ssh-key` (ssh:// only).

describe("parseInitArgs", () => {
  it("takes a socket, tcp://, tcp:// with TLS files and ssh:// with a key, files resolved from the working directory", () => {
    expect(parseInitArgs([], "/w")?.engine).toEqual({ socketPath: "/var/run/docker.sock" });
    expect(parseInitArgs(["--engine", "tcp://10.0.0.7:2375"], "/w")?.engine).toEqual({ host: "tcp://10.0.0.7:2375" });
    const tls = ["--tlscacert", "ca.pem", "--tlscert", "cert.pem", "--tlskey=key.pem"];
    expect(parseInitArgs(["--engine", "tcp://10.0.0.7:2376", ...tls], "/w")?.engine).toEqual({
      host: "tcp://10.0.0.7:2376",
      tls: { ca: "/w/ca.pem", cert: "/w/cert.pem", key: "/w/key.pem" },
    });
    expect(parseInitArgs(["--engine", "ssh://ops@edge:2222", "--ssh-key", "/k/id"], "/w")?.engine).toEqual({
      host: "ssh://ops@edge:2222",
      sshKey: "/k/id",
    });
    expect(parseInitArgs(["--engine", "ssh://ops@edge"], "/w")?.engine).toEqual({ host: "ssh://ops@edge" });
  });

  it("refuses TLS flags that are incomplete or not on tcp://, and --ssh-key off ssh://", () => {
    expect(parseInitArgs(["--engine", "tcp://10.0.0.7:2376", "--tlscacert", "ca.pem"], "/w")).toBeNull();
    const tls = ["--tlscacert", "ca.pem", "--tlscert", "cert.pem", "--tlskey", "key.pem"];
    expect(parseInitArgs(["--engine", "ssh://ops@edge", ...tls], "/w")).toBeNull();
    expect(parseInitArgs(tls, "/w")).toBeNull();
    expect(parseInitArgs(["--engine", "tcp://10.0.0.7:2375", "--ssh-key", "/k/id"], "/w")).toBeNull();
    expect(parseInitArgs(["--engine", "ftp://x"], "/w")).toBeNull();
  });
});
