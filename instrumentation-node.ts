// A broken cascade.yaml stops the server before it serves anything, with the one-line error and exit code 3.
import { ConfigError, loadConfigFile, resolveConfigPath } from "./server/config/load";

try {
  loadConfigFile(resolveConfigPath());
} catch (error) {
  console.error(`cascade: ${error instanceof ConfigError ? error.message : String(error)}`);
  process.exit(3);
}
