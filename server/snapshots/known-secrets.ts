import "server-only";
import { generatedToken } from "@/server/auth/credentials";
import { getSettings } from "@/server/config";
import { channelSecrets } from "@/server/notify/redact-channel";
import { getDocker, readContainerEnvValues } from "@/server/upstreams/docker/client";

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
  const docker = getDocker(config.docker);
  const results = await Promise.allSettled(
    config.containers.map((container) => readContainerEnvValues(docker, container.name, config.timeouts.upstreamMs)),
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
