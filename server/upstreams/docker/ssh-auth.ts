import "server-only";
import type Docker from "dockerode";
import { processSingleton } from "@/server/process-singleton";

// ssh authentication without a prompt: "none" first (the host answers with the methods it takes), then the ssh
// agent and sshKey, never a password or keyboard-interactive. ssh2 only says "All configured authentication methods
// failed"; the methods the host offered are kept per host, so the error can say what OpenSSH would ("Permission
// denied (password,keyboard-interactive)") and lib/engines/engine-error.ts can tell a host that wants a password
// from one that refused our keys.

type NextAuth = (method: string | false) => void;
type AuthHandler = (methodsLeft: string[] | null, partialSuccess: boolean | null, next: NextAuth) => string | false | undefined;

/** `user@host:port` -> the methods the host last offered after refusing one. */
const offeredByHost = () => processSingleton("ssh-offered-methods", () => new Map<string, string[]>());

/** ssh2's `authHandler` for one host: per connection (ssh2 passes each its own `next`) the methods not yet tried. */
export function sshAuthHandler(target: string, methods: { agent: boolean; key: boolean }): AuthHandler {
  const left = new WeakMap<NextAuth, string[]>();
  return (methodsLeft, _partialSuccess, next) => {
    if (methodsLeft) offeredByHost().set(target, methodsLeft);
    let queue = left.get(next);
    if (!queue) {
      queue = ["none", ...(methods.agent ? ["agent"] : []), ...(methods.key ? ["publickey"] : [])];
      left.set(next, queue);
    }
    return queue.shift() ?? false;
  };
}

/** Adds "Permission denied (methods)" to ssh2's authentication failure, for every call made through `docker`. */
export function explainSshRefusals(docker: Docker, target: string): Docker {
  const modem = docker.modem as unknown as { dial: (options: unknown, callback: (error: unknown, data?: unknown) => void) => unknown };
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) =>
    dial(options, (error, data) => {
      const offered = offeredByHost().get(target);
      if (error instanceof Error && offered && /All configured authentication methods failed/.test(error.message))
        error.message = `${error.message}: Permission denied (${offered.join(",")})`;
      callback(error, data);
    });
  return docker;
}
