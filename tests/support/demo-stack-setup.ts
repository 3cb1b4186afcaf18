import { demo, docker } from "./demo-stack";

// Integration tests share one real demo stack: bring it up healthy before the first file and, if this run brought it
// up, remove it after the last. A stack someone was already running (npm run demo) is left running.
let broughtUp = false;

export async function setup() {
  const running = await docker("ps", "-q", "--filter", "name=^auren-api$").catch(() => "");
  broughtUp = running === "";
  await demo("up");
  await demo("heal");
}

export async function teardown() {
  if (broughtUp && process.env.CASCADE_KEEP_DEMO !== "1") await demo("remove");
}
