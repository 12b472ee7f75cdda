import { describe, expect, it } from "vitest";
import { createFairQueue } from "./fair-queue";

function drain<T>(queue: { shift(): T | undefined }): T[] {
  const items: T[] = [];
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) items.push(item);
  return items;
}

describe("the fair queue", () => {
  it("keeps first-in first-out order within one lane and for items without a key", () => {
    const queue = createFairQueue<number>();
    for (const value of [1, 2, 3]) queue.push(value);
    expect(queue.size).toBe(3);
    expect(drain(queue)).toEqual([1, 2, 3]);
    expect(queue.size).toBe(0);
  });

  it("serves the lanes round-robin, in the order they became busy", () => {
    const queue = createFairQueue<string>();
    for (const item of ["a1", "a2", "a3", "a4", "b1", "b2", "c1"]) queue.push(item, item[0]);
    expect(drain(queue)).toEqual(["a1", "b1", "c1", "a2", "b2", "a3", "a4"]);
  });

  it("serves a lane that became busy while a burst's job ran right after that job", () => {
    const queue = createFairQueue<string>();
    for (let index = 1; index <= 100; index++) queue.push(`a${index}`, "a");
    expect(queue.shift()).toBe("a1");
    // b arrives while a1 runs: it waits for a1 only, not for a2…a100.
    queue.push("b1", "b");
    expect(queue.shift()).toBe("b1");
    expect(queue.shift()).toBe("a2");
    // With two busy lanes, a newcomer waits for at most one job of each.
    queue.push("c1", "c");
    queue.push("b2", "b");
    expect([queue.shift(), queue.shift(), queue.shift(), queue.shift()]).toEqual(["c1", "b2", "a3", "a4"]);
  });

  it("counts the lane of the job just taken as served even if that was its last item", () => {
    const queue = createFairQueue<string>();
    queue.push("a1", "a");
    expect(queue.shift()).toBe("a1");
    // While a1 runs, a burst of a, then b.
    for (const item of ["a2", "a3", "b1"]) queue.push(item, item[0]);
    expect(drain(queue)).toEqual(["b1", "a2", "a3"]);
  });

  it("lists what is queued, and a lane that emptied and filled again queues at the back", () => {
    const queue = createFairQueue<string>();
    queue.push("a1", "a");
    queue.push("b1", "b");
    expect(queue.values().sort()).toEqual(["a1", "b1"]);
    expect(queue.shift()).toBe("a1");
    queue.push("a2", "a");
    expect(drain(queue)).toEqual(["b1", "a2"]);
    expect(queue.values()).toEqual([]);
  });
});
