// Entry point of `cascade check` (bin/cascade.mjs runs it with the react-server condition and tsx).
import { runCheck } from "./check";

runCheck(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`cascade: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
