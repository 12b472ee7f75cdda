// Runs once when the Next.js server starts: the reminder scheduler lives in the app process.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs" && !process.env.NEXT_PHASE?.includes("build")) {
    const { unsafeStartJobs } = await import("@/lib/server/notifications/scheduler");
    unsafeStartJobs();
  }
}
