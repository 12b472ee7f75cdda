import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/app-error";
import { readBodyText } from "@/lib/api/body";

const MB = 1024 * 1024;
const CHUNK = 64 * 1024;
const URL_ = "https://bulwark.example/api/v1/anything";

/**
 * A body stream that counts how many chunks were pulled from it. highWaterMark 0: the stream
 * pulls only when someone reads, so the count is what readBodyText asked for.
 */
function countingStream(chunks: () => Uint8Array | null) {
  const stats = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = chunks();
        if (chunk === null) {
          controller.close();
          return;
        }
        stats.pulled++;
        controller.enqueue(chunk);
      },
      cancel() {
        stats.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, stats };
}

function post(body: ReadableStream<Uint8Array> | string | null, headers: Record<string, string> = {}) {
  return new Request(URL_, { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

/** A stream that yields the given bytes in pieces of `size` bytes (splitting multi-byte characters). */
function slicedStream(bytes: Uint8Array, size: number) {
  let offset = 0;
  return countingStream(() => {
    if (offset >= bytes.length) return null;
    const chunk = bytes.slice(offset, offset + size);
    offset += size;
    return chunk;
  });
}

async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value).slice(0, 80)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("readBodyText", () => {
  it("stops reading an endless chunked body soon after 1 MB and answers 413", async () => {
    const { stream, stats } = countingStream(() => new Uint8Array(CHUNK).fill(0x61));
    const error = await rejectionOf(readBodyText(post(stream), MB));
    expect(error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413, message: "The body is larger than 1 MB." });
    // 16 chunks are exactly 1 MB; the 17th goes over. It must not keep reading after that.
    expect(stats.pulled).toBeGreaterThanOrEqual(17);
    expect(stats.pulled).toBeLessThan(20);
    // The rest of the body is abandoned, not drained.
    expect(stats.cancelled).toBe(true);
    const pulledAtRejection = stats.pulled;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stats.pulled).toBe(pulledAtRejection);
  });

  it("refuses a declared Content-Length above the limit without reading the body", async () => {
    const { stream, stats } = countingStream(() => new Uint8Array(CHUNK));
    const error = await rejectionOf(readBodyText(post(stream, { "content-length": String(MB + 1) }), MB));
    expect(error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
    expect(stats.pulled).toBe(0);
  });

  it("does not trust a small declared Content-Length: the bytes that arrive are counted", async () => {
    let sent = 0;
    const { stream } = countingStream(() => (sent++ < 40 ? new Uint8Array(CHUNK) : null));
    const error = await rejectionOf(readBodyText(post(stream, { "content-length": "10" }), MB));
    expect(error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
  });

  it("accepts a body of exactly the limit and refuses one byte more", async () => {
    const exact = slicedStream(new Uint8Array(MB).fill(0x7a), CHUNK);
    const text = await readBodyText(post(exact.stream), MB);
    expect(text.length).toBe(MB);
    expect(text).toBe("z".repeat(MB));

    const over = slicedStream(new Uint8Array(MB + 1).fill(0x7a), CHUNK);
    expect(await rejectionOf(readBodyText(post(over.stream), MB))).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("counts bytes, not characters", async () => {
    const euros = "€€€€"; // 4 characters, 12 bytes in UTF-8
    expect(await readBodyText(post(euros), 12)).toBe(euros);
    const error = await rejectionOf(readBodyText(post(slicedStream(new TextEncoder().encode(euros), 5).stream), 11));
    expect(error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
  });

  it("returns a small body intact, multi-byte UTF-8 included", async () => {
    const text = JSON.stringify({ name: "Grüße aus Zürich — 東京 🛡️", note: "naïve café" });
    expect(await readBodyText(post(text, { "content-type": "application/json" }), MB)).toBe(text);
  });

  it("joins multi-byte characters split across chunks", async () => {
    const text = "Grüße 東京 🛡️ ".repeat(50);
    const bytes = new TextEncoder().encode(text);
    // One byte per chunk: every multi-byte character arrives in pieces.
    const { stream, stats } = slicedStream(bytes, 1);
    expect(await readBodyText(post(stream), MB)).toBe(text);
    expect(stats.pulled).toBe(bytes.length);
  });

  it("answers an empty string for a request without a body", async () => {
    expect(await readBodyText(new Request(URL_), MB)).toBe("");
    expect(await readBodyText(post(""), MB)).toBe("");
  });

  it("names the limit in KB below 1 MB", async () => {
    const error = await rejectionOf(readBodyText(post("x".repeat(20 * 1024)), 16 * 1024));
    expect(error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413, message: "The body is larger than 16 KB." });
  });
});
