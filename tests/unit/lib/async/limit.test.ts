import { describe, expect, it } from "vitest";
import { createLimiter, mapWithLimit } from "@/lib/async/limit";

/** A task the test finishes by hand, so nothing here depends on timers or the machine's speed. */
function controlledTask<T>() {
  let finish!: (value: T) => void;
  let fail!: (reason: unknown) => void;
  let started = false;
  const done = new Promise<T>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return {
    run: () => {
      started = true;
      return done;
    },
    get started() {
      return started;
    },
    finish,
    fail,
  };
}

/** Lets every promise callback that is ready run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("createLimiter", () => {
  it("starts at most `max` tasks, and the next one as soon as one finishes, in the order they came", async () => {
    const limit = createLimiter(2);
    const tasks = [controlledTask<string>(), controlledTask<string>(), controlledTask<string>(), controlledTask<string>()];
    const results = tasks.map((task) => limit(task.run));
    await settle();
    expect(tasks.map((task) => task.started)).toEqual([true, true, false, false]);

    tasks[1]!.finish("b");
    await settle();
    expect(tasks.map((task) => task.started)).toEqual([true, true, true, false]);
    expect(await results[1]).toBe("b");

    tasks[0]!.finish("a");
    await settle();
    expect(tasks.map((task) => task.started)).toEqual([true, true, true, true]);
    tasks[2]!.finish("c");
    tasks[3]!.finish("d");
    expect(await Promise.all(results)).toEqual(["a", "b", "c", "d"]);
  });

  it("frees the slot of a task that fails, and passes the failure to its caller", async () => {
    const limit = createLimiter(1);
    const failing = controlledTask<string>();
    const next = controlledTask<string>();
    const first = limit(failing.run);
    const second = limit(next.run);
    await settle();
    expect(next.started).toBe(false);
    failing.fail(new Error("boom"));
    await expect(first).rejects.toThrow("boom");
    await settle();
    expect(next.started).toBe(true);
    next.finish("after");
    expect(await second).toBe("after");
  });

  it("runs a task that throws before returning a promise as a rejection, not a stuck slot", async () => {
    const limit = createLimiter(1);
    await expect(
      limit(() => {
        throw new Error("sync");
      }),
    ).rejects.toThrow("sync");
    expect(await limit(async () => "still free")).toBe("still free");
  });
});

describe("mapWithLimit", () => {
  it("keeps the order of the items whatever order the work finishes in, with at most `max` in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const tasks = [0, 1, 2, 3, 4].map(() => controlledTask<void>());
    const mapped = mapWithLimit(["a", "b", "c", "d", "e"], 2, async (item, index) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await tasks[index]!.run();
      inFlight--;
      return `${item}${index}`;
    });
    for (const index of [1, 0, 3, 2, 4]) {
      await settle();
      tasks[index]!.finish();
    }
    expect(await mapped).toEqual(["a0", "b1", "c2", "d3", "e4"]);
    expect(most).toBe(2);
  });

  it("maps an empty list to an empty list", async () => {
    expect(await mapWithLimit([], 3, async () => 1)).toEqual([]);
  });
});
