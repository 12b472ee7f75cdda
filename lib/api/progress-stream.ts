import { problemBody, toProblemParts } from "@/lib/api/problem";

// Long requests (spec imports) can report progress: with `Accept: application/x-ndjson` the
// answer is one JSON object per line — {"type":"stage"}… then {"type":"result"} or
// {"type":"error"} carrying the status and body the plain request would have had.

export function wantsProgress(req: Request): boolean {
  return (req.headers.get("accept") ?? "").includes("application/x-ndjson");
}

export function progressStream<TStage extends string, TResult>(
  run: (onStage: (stage: TStage) => void) => Promise<TResult>,
  options: { status: number; context?: { method?: string; path?: string } },
): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      try {
        const data = await run((stage) => send({ type: "stage", stage, at: Date.now() }));
        send({ type: "result", status: options.status, data });
      } catch (error) {
        const parts = toProblemParts(error, options.context);
        send({ type: "error", status: parts.status, problem: problemBody(parts) });
      } finally {
        controller.close();
      }
    },
  });
  return new Response(stream, { status: 200, headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" } });
}
