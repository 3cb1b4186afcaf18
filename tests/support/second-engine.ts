import { DEMO_IMAGE, type PrivateDockerd, startDockerd } from "./private-dockerd";

// A second, real Docker engine on this machine for the several-engines tests (tests/support/private-dockerd.ts) under
// /tmp/cascade-engine2-<pid>, never in a Swarm. It holds the demo's busybox image (cascade-demo-base), copied over
// with docker save | load. Its containers run with --network host and listen on 127.0.0.1 only.

export const SECOND_ENGINE_IMAGE = DEMO_IMAGE;

export type SecondEngine = PrivateDockerd;

export const startSecondEngine = (): Promise<SecondEngine> => startDockerd(`/tmp/cascade-engine2-${process.pid}`);
