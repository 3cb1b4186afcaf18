// Entry point of `cascade check` (bin/cascade.mjs runs it with the react-server condition and tsx).
import { messageOf } from "@/lib/async/message-of";
import { runCheck } from "./check";

runCheck(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`cascade: ${messageOf(error)}`);
    process.exit(2);
  },
);
