import { describe, expect, it } from "vitest";
import { createWorkerQueue } from "./worker-queue";

type TRequest = { action: "double" | "fail" | "hang" | "exit" | "thread"; value?: number };

function queue(timeoutMs = 20_000, idleMs?: number) {
  return createWorkerQueue<TRequest, number, string>({
    name: "test worker",
    entry: "tests/support/queue-test-worker.ts",
    timeoutMs,
    idleMs,
    timeoutError: () => new Error("too slow"),
    readReply: (reply) => {
      if (typeof reply.stage === "string") return { progress: reply.stage };
      if (typeof reply.value === "number") return { result: reply.value };
      return { error: new Error(`failed: ${String(reply.failure)}`) };
    },
  });
}

describe("the worker queue", () => {
  it("runs queued jobs one at a time, in order, relaying progress", async () => {
    const run = queue();
    const progress: string[] = [];
    const results = await Promise.all([1, 2, 3].map((value) => run({ action: "double", value }, (stage) => progress.push(`${value}:${stage}`))));
    expect(results).toEqual([2, 4, 6]);
    expect(progress).toEqual(["1:halfway", "2:halfway", "3:halfway"]);
  });

  it("serves waiting jobs round-robin by fairness key: a burst of one key delays another key's job by one job", async () => {
    const run = queue();
    const done: string[] = [];
    const job = (key: string | undefined, label: string, value: number) => run({ action: "double", value }, undefined, key).then((result) => done.push(`${label}=${result}`));
    // org-a's burst is queued first (its first job starts at once), then org-b's single job.
    const jobs = [job("org-a", "a1", 1), job("org-a", "a2", 2), job("org-a", "a3", 3), job("org-a", "a4", 4), job("org-b", "b1", 10), job(undefined, "shared", 20)];
    await Promise.all(jobs);
    expect(done).toEqual(["a1=2", "b1=20", "shared=40", "a2=4", "a3=6", "a4=8"]);
  });

  it("rejects a job the worker refused, and goes on with the next", async () => {
    const run = queue();
    await expect(run({ action: "fail" })).rejects.toThrow("failed: refused");
    await expect(run({ action: "double", value: 5 })).resolves.toBe(10);
  });

  it("drops a worker that overran the timeout, and the next job gets a new one", async () => {
    const run = queue(500);
    const hung = run({ action: "hang" });
    const next = run({ action: "double", value: 21 });
    await expect(hung).rejects.toThrow("too slow");
    await expect(next).resolves.toBe(42);
  });

  it("keeps one worker while jobs keep coming, and ends it once it has been idle for idleMs", async () => {
    const run = queue(20_000, 300);
    const first = await run({ action: "thread" });
    expect(await run({ action: "thread" })).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 800));
    const after = await run({ action: "thread" });
    expect(after).not.toBe(first);
    await expect(run({ action: "double", value: 3 })).resolves.toBe(6);
  });

  it("rejects the running job when the worker dies, and starts another for the next", async () => {
    const run = queue();
    const dying = run({ action: "exit" });
    const next = run({ action: "double", value: 4 });
    await expect(dying).rejects.toThrow("test worker exited with code 3");
    await expect(next).resolves.toBe(8);
  });
});
