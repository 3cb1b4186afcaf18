import { demo } from "./demo-stack";

// Integration tests share one real demo stack: bring it up healthy before the first file, remove it after the last.
export async function setup() {
  await demo("up");
  await demo("heal");
}

export async function teardown() {
  if (process.env.CASCADE_KEEP_DEMO !== "1") await demo("remove");
}
