// Start-up checks: a broken cascade.yaml stops the server before it serves anything (one line, exit code 3); with no
// auth.tokens configured, the operator token is created in the data directory and its place is printed.
import { ensureGeneratedToken } from "./server/auth/generated-token";
import { ConfigError, loadConfigFile, resolveConfigPath, resolveDataDir } from "./server/config/load";

try {
  const config = loadConfigFile(resolveConfigPath());
  if (config.auth.tokens.length === 0) {
    const { file, created } = ensureGeneratedToken(resolveDataDir());
    console.log(
      `cascade: no auth.tokens in cascade.yaml: ${created ? "created" : "using"} the operator token in ${file} (mode 0600); sign in with it to act on containers`,
    );
  }
} catch (error) {
  console.error(`cascade: ${error instanceof ConfigError ? error.message : String(error)}`);
  process.exit(3);
}
