// One "app instance" of the reminder job in its own process, with its own connection pool:
// prints "ready", waits for a line on stdin (so two instances start together), runs the job once
// at the clock given as the first argument and prints the result as JSON.
import { createInterface } from "node:readline";
import { db } from "@/lib/db";
import { unsafeRunReminders } from "@/lib/server/notifications/unsafe-run-reminders";

const now = new Date(process.argv[2]!);
await db.$queryRaw`SELECT 1`;
process.stdout.write("ready\n");
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once("line", () => resolve()));
const result = await unsafeRunReminders(now);
process.stdout.write(`${JSON.stringify(result)}\n`);
await db.$disconnect();
