import "server-only";
import { LOCAL_ENGINE } from "@/lib/engines/container-key";
import { generatedToken } from "@/server/auth/credentials";
import { getBoardCache } from "@/server/collect/board-cache";
import { getSettings } from "@/server/config";
import { channelSecrets } from "@/server/notify/redact-channel";
import { readContainerEnvValues } from "@/server/upstreams/docker/client";
import { dockerFor } from "@/server/upstreams/docker/engines";

// Values Cascade knows to be secret: tokens from the config, passwords in its URLs and every watched container's
// environment values. Shorter than 6 characters, a value would match ordinary words: not treated as a secret.

const MIN_SECRET_CHARS = 6;

export interface KnownSecrets {
  secrets: string[];
  /** Why the containers' environment values could not be read (then texts from inside them must not be stored). */
  environmentUnreadable: string | null;
}

function urlSecrets(urls: string[]): string[] {
  return urls.flatMap((url) => {
    try {
      const parsed = new URL(url);
      return [parsed.password, parsed.username, ...parsed.searchParams.values()];
    } catch {
      return [];
    }
  });
}

async function environmentValues(): Promise<{ values: string[]; problem: string | null }> {
  const { config } = getSettings();
  // Containers found by label selectors are on the board too: their environment is redacted like the named ones'.
  const discovered =
    config.selectors.length === 0
      ? []
      : ((
          await getBoardCache()
            .get()
            .catch(() => null)
        )?.containers.filter((container) => container.selector !== undefined && container.state !== "missing") ?? []);
  const watched = [
    ...config.containers,
    ...discovered.map((container) => ({ name: container.name, engine: container.engine ?? LOCAL_ENGINE })),
  ];
  const results = await Promise.allSettled(
    watched.map(async (container) => readContainerEnvValues(dockerFor(container.engine), container.name, config.timeouts.upstreamMs)),
  );
  const failures = results.flatMap((result) =>
    result.status === "rejected" ? [String((result.reason as Error)?.message ?? result.reason)] : [],
  );
  const values = results.flatMap((result) => (result.status === "fulfilled" ? result.value : []));
  return { values, problem: failures.length > 0 ? failures.join("; ") : null };
}

export async function knownSecrets(): Promise<KnownSecrets> {
  const { config, databaseUrl } = getSettings();
  const env = await environmentValues();
  const urls = [config.prometheus?.url, config.grafana?.url, databaseUrl, ...config.metricsEndpoints.map((endpoint) => endpoint.url)];
  const secrets = [
    ...(config.auth.tokens.length === 0 ? [generatedToken()] : []),
    ...config.auth.tokens.map((token) => token.token),
    config.grafana?.token ?? "",
    databaseUrl ?? "",
    ...urlSecrets(urls.filter((url): url is string => !!url)),
    ...channelSecrets(config.notify),
    ...env.values,
  ];
  return { secrets: secrets.filter((value) => value.length >= MIN_SECRET_CHARS), environmentUnreadable: env.problem };
}
