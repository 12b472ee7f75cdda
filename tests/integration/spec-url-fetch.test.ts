import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/app-error";
import { findFreePort } from "@/lib/db/embedded";
import { FORBIDDEN_ADDRESS, fetchSpecFromUrl, isForbiddenAddress, UNREACHABLE, URL_IMPORT_TIMEOUT_MS, type TFetchOptions } from "@/lib/server/specs/fetch-spec-url";
import { analyseSpec } from "@/lib/core/specs/analyse-spec";
import { decodeSpecBytes } from "@/lib/core/specs/parse-spec-text";

// fetchSpecFromUrl against real HTTP servers on 127.0.0.1 and 127.0.0.2. No test sends traffic
// anywhere else: every outgoing TCP connection of this file goes through a guard that records it
// and blocks any address outside 127.0.0.0/8, and the refusal tests assert that no connection was
// even attempted.

const KENNEL = readFileSync(new URL("../fixtures/specs/kennel-3.0.yaml", import.meta.url), "utf8");
const MB = 1024 * 1024;

// ---- connection guard --------------------------------------------------------------------------

type TAttempt = { host: string; port: number | string | undefined; blocked: boolean };
const attempts: TAttempt[] = [];
const originalConnect = net.Socket.prototype.connect;
const isLoopbackV4 = (host: string) => net.isIPv4(host) && host.startsWith("127.");

beforeAll(() => {
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    const options = (typeof first === "object" && first !== null ? first : { port: first, host: args[1] }) as { host?: string; port?: number; path?: string };
    if (options.path) return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
    const host = options.host ?? "localhost";
    const blocked = !isLoopbackV4(host);
    attempts.push({ host, port: options.port, blocked });
    if (blocked) throw new Error(`test guard: blocked a connection to ${host}:${String(options.port)}`);
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
});
afterAll(() => {
  net.Socket.prototype.connect = originalConnect;
});
beforeEach(() => {
  attempts.length = 0;
});
afterEach(() => {
  // Whatever a test did, nothing left 127.0.0.0/8.
  expect(attempts.filter((attempt) => attempt.blocked)).toEqual([]);
});

// ---- local servers -----------------------------------------------------------------------------

type TServer = { port: number; requests: string[]; connections: number; close: () => Promise<void> };

async function listen(server: net.Server, host: string, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as net.AddressInfo).port;
}

async function startHttp(host: string, handler: http.RequestListener, port = 0): Promise<TServer> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const state = { connections: 0 };
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? "");
    handler(req, res);
  });
  server.on("connection", (socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const bound = await listen(server, host, port);
  return {
    port: bound,
    requests,
    get connections() {
      return state.connections;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const bigStream = { bytesWritten: 0, finished: false, closed: false };
const bodyOf = (bytes: number) => Buffer.alloc(bytes, "a");

let main: TServer;
let other: TServer; // on 127.0.0.2: loopback, never allow-listed
let silent: { port: number; connections: number; close: () => Promise<void> };
let allowed: TFetchOptions;

beforeAll(async () => {
  main = await startHttp("127.0.0.1", (req, res) => {
    const url = new URL(req.url ?? "/", "http://local");
    const chain = /^\/chain\/(\d+)$/.exec(url.pathname);
    if (url.pathname === "/openapi.yaml") {
      res.writeHead(200, { "content-type": "application/yaml" }).end(KENNEL);
    } else if (chain) {
      const left = Number(chain[1]);
      if (left === 0) res.writeHead(200, { "content-type": "application/yaml" }).end(KENNEL);
      else res.writeHead(302, { location: `/chain/${left - 1}` }).end();
    } else if (url.pathname === "/to-other") {
      res.writeHead(302, { location: `http://127.0.0.2:${other.port}/openapi.yaml` }).end();
    } else if (url.pathname === "/to-metadata") {
      res.writeHead(301, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    } else if (url.pathname === "/to-ftp") {
      res.writeHead(307, { location: `ftp://127.0.0.1:${main.port}/openapi.yaml` }).end();
    } else if (url.pathname === "/to-localhost") {
      res.writeHead(302, { location: `http://localhost:${main.port}/openapi.yaml` }).end();
    } else if (url.pathname === "/missing") {
      res.writeHead(404, { "content-type": "text/plain" }).end("no such spec");
    } else if (url.pathname === "/broken") {
      res.writeHead(500).end("oops");
    } else if (url.pathname === "/exact") {
      res.writeHead(200, { "content-type": "application/json" }).end(bodyOf(Number(url.searchParams.get("bytes"))));
    } else if (url.pathname === "/chunked") {
      // No content-length: the size is only known by counting.
      res.writeHead(200, { "content-type": "application/yaml" });
      res.write(bodyOf(Number(url.searchParams.get("bytes"))));
      res.end();
    } else if (url.pathname === "/big-stream") {
      // 11 MB (or without end) in 64 KB chunks, no content-length, honouring back-pressure.
      const total = url.searchParams.get("endless") ? Infinity : 11 * MB;
      res.writeHead(200, { "content-type": "application/yaml" });
      Object.assign(bigStream, { bytesWritten: 0, finished: false, closed: false });
      const chunk = bodyOf(64 * 1024);
      const pump = () => {
        while (bigStream.bytesWritten < total && !bigStream.closed) {
          bigStream.bytesWritten += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        if (!bigStream.closed) res.end(() => (bigStream.finished = true));
      };
      res.on("error", () => undefined);
      res.on("close", () => (bigStream.closed = true));
      pump();
    } else if (url.pathname === "/big-declared") {
      res.writeHead(200, { "content-type": "application/yaml", "content-length": String(11 * MB) });
      res.write("openapi: 3.0.3\n"); // and never the rest
    } else if (url.pathname === "/slow-body") {
      res.writeHead(200, { "content-type": "application/yaml", "content-length": "1000" });
      res.write("openapi: 3.0.3\n"); // headers and a little, then nothing
    } else {
      res.writeHead(404).end();
    }
  });
  other = await startHttp("127.0.0.2", (_req, res) => res.writeHead(200, { "content-type": "application/yaml" }).end(KENNEL), main.port).catch(() =>
    startHttp("127.0.0.2", (_req, res) => res.writeHead(200).end(KENNEL)),
  );
  // Accepts TCP connections and never says a word.
  const held = new Set<net.Socket>();
  const state = { connections: 0 };
  const raw = net.createServer((socket) => {
    state.connections++;
    held.add(socket);
    socket.on("error", () => undefined);
  });
  const rawPort = await listen(raw, "127.0.0.1");
  silent = {
    port: rawPort,
    get connections() {
      return state.connections;
    },
    close: async () => {
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    },
  };
  allowed = { allowedHosts: [`127.0.0.1:${main.port}`] };
});

afterAll(async () => {
  await Promise.all([main?.close(), other?.close(), silent?.close()]);
});

/** The AppError the fetch rejects with, and how long it took. */
async function refusal(url: string, options: TFetchOptions = { allowedHosts: [] }) {
  const started = performance.now();
  let error: unknown;
  try {
    const result = await fetchSpecFromUrl(url, options);
    throw new Error(`Expected a refusal, but ${url} was fetched (${result.bytes.byteLength} bytes)`);
  } catch (caught) {
    error = caught;
  }
  if (!(error instanceof AppError)) throw error;
  return { error, elapsed: performance.now() - started };
}

// One message for every refused address, naming neither the host nor what it resolved to.
const INTERNAL = FORBIDDEN_ADDRESS;

describe("refused before any connection is made", () => {
  const before = () => ({ requests: main.requests.length, connections: main.connections, other: other.connections });

  it.each([
    ["ftp:", (p: number) => `ftp://127.0.0.1:${p}/openapi.yaml`, /^Only http:\/\/ and https:\/\/ URLs can be imported, not ftp:\/\/\.$/],
    ["file:", () => "file:///etc/passwd", /^Only http:\/\/ and https:\/\/ URLs can be imported, not file:\/\/\.$/],
    ["javascript:", () => "javascript:alert(document.cookie)", /^Only http:\/\/ and https:\/\/ URLs can be imported, not javascript:\/\/\.$/],
    ["data:", () => "data:application/yaml,openapi: 3.0.3", /^Only http:\/\/ and https:\/\/ URLs/],
    ["not a URL", () => "kennel.example.com/openapi.yaml", /^Enter a full URL/],
  ])("%s", async (_label, url, message) => {
    const counts = before();
    const { error } = await refusal(url(main.port), allowed);
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", status: 422, fieldErrors: [{ field: "url", pointer: "/url" }] });
    expect(error.message).toMatch(message);
    expect(attempts).toEqual([]);
    expect(before()).toEqual(counts);
  });

  it("a URL with user:pass@ is refused even for an allow-listed host", async () => {
    const counts = before();
    const { error } = await refusal(`http://user:secret@127.0.0.1:${main.port}/openapi.yaml`, allowed);
    expect(error.message).toBe("URLs with a user name or password in them are not fetched.");
    expect(attempts).toEqual([]);
    expect(before()).toEqual(counts);
  });

  it.each([
    ["127.0.0.1 (the test server itself, not allow-listed)", (p: number) => `http://127.0.0.1:${p}/openapi.yaml`, "127.0.0.1"],
    ["10.0.0.1", () => "http://10.0.0.1/openapi.yaml", "10.0.0.1"],
    ["169.254.169.254 (cloud metadata)", () => "http://169.254.169.254/latest/meta-data/iam/security-credentials/", "169.254.169.254"],
    ["192.168.1.1", () => "http://192.168.1.1/openapi.yaml", "192.168.1.1"],
    ["172.16.5.4", () => "http://172.16.5.4/openapi.yaml", "172.16.5.4"],
    ["100.64.0.1 (CGNAT)", () => "http://100.64.0.1/openapi.yaml", "100.64.0.1"],
    ["0.0.0.0 (reaches this host on Linux)", (p: number) => `http://0.0.0.0:${p}/openapi.yaml`, "0.0.0.0"],
    ["2130706433 (127.0.0.1 in decimal)", (p: number) => `http://2130706433:${p}/openapi.yaml`, "127.0.0.1"],
    ["0x7f.1 (127.0.0.1 in hex shorthand)", (p: number) => `http://0x7f.1:${p}/openapi.yaml`, "127.0.0.1"],
    ["[::1]", (p: number) => `http://[::1]:${p}/openapi.yaml`, "::1"],
    ["[::]", (p: number) => `http://[::]:${p}/openapi.yaml`, "::"],
    ["[fd00::1] (unique local)", () => "http://[fd00::1]/openapi.yaml", "fd00::1"],
    ["[fe80::1] (link-local)", () => "http://[fe80::1]/openapi.yaml", "fe80::1"],
    ["[::ffff:127.0.0.1] (v4-mapped loopback)", (p: number) => `http://[::ffff:127.0.0.1]:${p}/openapi.yaml`, "::ffff:7f00:1"],
    ["[::ffff:169.254.169.254] (v4-mapped metadata)", () => "http://[::ffff:169.254.169.254]/", "::ffff:a9fe:a9fe"],
    ["[64:ff9b::10.0.0.1] (NAT64 of a private address)", () => "http://[64:ff9b::10.0.0.1]/", "64:ff9b::a00:1"],
    ["[::ffff:0:127.0.0.1] (IPv4-translated loopback)", (p: number) => `http://[::ffff:0:127.0.0.1]:${p}/openapi.yaml`, "::ffff:0:7f00:1"],
    ["[2002:7f00:1::1] (6to4 of loopback)", (p: number) => `http://[2002:7f00:1::1]:${p}/openapi.yaml`, "2002:7f00:1::1"],
  ])("%s", async (_label, url, address) => {
    const counts = before();
    const { error } = await refusal(url(main.port));
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", status: 422 });
    expect(error.message).toBe(INTERNAL);
    expect(error.message).not.toContain(address);
    expect(attempts).toEqual([]);
    expect(before()).toEqual(counts);
  });

  it("http://localhost:PORT resolves to loopback and is refused", async () => {
    const counts = before();
    const { error } = await refusal(`http://localhost:${main.port}/openapi.yaml`);
    expect(error.message).toBe(INTERNAL);
    expect(attempts).toEqual([]);
    expect(before()).toEqual(counts);
  });

  it("an allow-list entry for another port of the same host does not allow this one", async () => {
    const counts = before();
    const { error } = await refusal(`http://127.0.0.1:${main.port}/openapi.yaml`, { allowedHosts: [`127.0.0.1:${main.port + 1}`, "127.0.0.2"] });
    expect(error.message).toMatch(INTERNAL);
    expect(attempts).toEqual([]);
    expect(before()).toEqual(counts);
  });
});

describe("fetching from an allow-listed host", () => {
  it("returns the bytes, the final URL and the content type; the bytes import as the spec", async () => {
    const before = main.requests.length;
    const result = await fetchSpecFromUrl(`http://127.0.0.1:${main.port}/openapi.yaml`, allowed);
    expect(Buffer.from(result.bytes).toString("utf8")).toBe(KENNEL);
    expect(result.finalUrl).toBe(`http://127.0.0.1:${main.port}/openapi.yaml`);
    expect(result.contentType).toBe("application/yaml");
    expect(main.requests.slice(before)).toEqual(["/openapi.yaml"]);
    expect(attempts.every((a) => a.host === "127.0.0.1")).toBe(true);
    expect((await analyseSpec(decodeSpecBytes(result.bytes), { lint: false })).title).toBe("Kennel API");
  });

  it("an entry without a port allows the host on any port; entries are trimmed and case-insensitive", async () => {
    expect((await fetchSpecFromUrl(`http://127.0.0.1:${main.port}/openapi.yaml`, { allowedHosts: ["127.0.0.1"] })).bytes.byteLength).toBe(Buffer.byteLength(KENNEL));
    expect((await fetchSpecFromUrl(`http://127.0.0.1:${main.port}/openapi.yaml`, { allowedHosts: [`  127.0.0.1:${main.port} `] })).bytes.byteLength).toBe(Buffer.byteLength(KENNEL));
  });

  it("exactly maxBytes is accepted", async () => {
    const result = await fetchSpecFromUrl(`http://127.0.0.1:${main.port}/exact?bytes=1000`, { ...allowed, maxBytes: 1000 });
    expect(result.bytes.byteLength).toBe(1000);
  });
});

describe("redirects", () => {
  it("to a loopback address that is not allow-listed (127.0.0.2): refused, and that server gets nothing", async () => {
    const mainBefore = main.requests.length;
    const otherBefore = { requests: other.requests.length, connections: other.connections };
    const { error } = await refusal(`http://127.0.0.1:${main.port}/to-other`, allowed);
    expect(error.message).toBe(INTERNAL);
    expect(main.requests.slice(mainBefore)).toEqual(["/to-other"]);
    expect({ requests: other.requests.length, connections: other.connections }).toEqual(otherBefore);
    expect(attempts.every((a) => a.host === "127.0.0.1")).toBe(true);
  });

  it("the 127.0.0.2 server does answer when it is allow-listed (so the refusal above is the check's doing)", async () => {
    const result = await fetchSpecFromUrl(`http://127.0.0.1:${main.port}/to-other`, { allowedHosts: [`127.0.0.1:${main.port}`, `127.0.0.2:${other.port}`] });
    expect(result.finalUrl).toBe(`http://127.0.0.2:${other.port}/openapi.yaml`);
    expect(other.requests.at(-1)).toBe("/openapi.yaml");
    // (A kept-alive socket to 127.0.0.1 may be reused, so only the new one shows up for sure.)
    expect(attempts.map((a) => a.host)).toContain("127.0.0.2");
    expect(attempts.every((a) => a.host === "127.0.0.1" || a.host === "127.0.0.2")).toBe(true);
  });

  it.each([
    ["the metadata address", "/to-metadata", INTERNAL],
    ["localhost", "/to-localhost", INTERNAL],
    ["an ftp: URL", "/to-ftp", /^Only http:\/\/ and https:\/\/ URLs can be imported, not ftp:/],
  ])("to %s: refused before connecting", async (_label, path, message) => {
    const { error } = await refusal(`http://127.0.0.1:${main.port}${path}`, allowed);
    expect(error.message).toMatch(message);
    // Only the allow-listed first hop was ever connected to (possibly over a kept-alive socket).
    expect(attempts.every((a) => a.host === "127.0.0.1")).toBe(true);
  });

  it("three redirects are followed", async () => {
    const before = main.requests.length;
    const result = await fetchSpecFromUrl(`http://127.0.0.1:${main.port}/chain/3`, allowed);
    expect(result.finalUrl).toBe(`http://127.0.0.1:${main.port}/chain/0`);
    expect(main.requests.slice(before)).toEqual(["/chain/3", "/chain/2", "/chain/1", "/chain/0"]);
  });

  it("a chain of four is refused, and the fifth URL is never requested", async () => {
    const before = main.requests.length;
    const { error } = await refusal(`http://127.0.0.1:${main.port}/chain/4`, allowed);
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", status: 422, message: "The URL redirected more than 3 times." });
    expect(main.requests.slice(before)).toEqual(["/chain/4", "/chain/3", "/chain/2", "/chain/1"]);
  });
});

describe("answers that are not the spec", () => {
  it.each([
    ["/missing", 404],
    ["/broken", 500],
  ])("%s: refused with HTTP %i in the message", async (path, status) => {
    const { error } = await refusal(`http://127.0.0.1:${main.port}${path}`, allowed);
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", status: 422, message: `The URL answered HTTP ${status}, not the spec.` });
  });

  it("a body of 11 MB streamed without content-length: PAYLOAD_TOO_LARGE", async () => {
    const { error } = await refusal(`http://127.0.0.1:${main.port}/big-stream`, allowed);
    expect(error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413, message: "The spec at this URL is larger than 10 MB." });
  });

  it("an endless body: refused, and the connection is dropped soon after 10 MB", async () => {
    const { error, elapsed } = await refusal(`http://127.0.0.1:${main.port}/big-stream?endless=1`, allowed);
    expect(error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
    expect(elapsed).toBeLessThan(5_000);
    for (let i = 0; i < 50 && !bigStream.closed; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(bigStream.closed).toBe(true);
    // What was sent beyond 10 MB is only what sat in socket buffers when the client let go.
    expect(bigStream.bytesWritten).toBeLessThan(30 * MB);
  }, 10_000);

  it("a declared content-length over 10 MB: PAYLOAD_TOO_LARGE at once, without reading the body", async () => {
    const { error, elapsed } = await refusal(`http://127.0.0.1:${main.port}/big-declared`, allowed);
    expect(error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
    expect(elapsed).toBeLessThan(2_000);
  });

  it("maxBytes is honoured both for a declared length and for a counted one", async () => {
    expect((await refusal(`http://127.0.0.1:${main.port}/exact?bytes=1001`, { ...allowed, maxBytes: 1000 })).error).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect((await refusal(`http://127.0.0.1:${main.port}/chunked?bytes=1001`, { ...allowed, maxBytes: 1000 })).error).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });
});

describe("timeouts", () => {
  it("URL_IMPORT_TIMEOUT_MS is 10 seconds", () => {
    expect(URL_IMPORT_TIMEOUT_MS).toBe(10_000);
  });

  it("a server that accepts the connection and never answers: refused within timeoutMs", async () => {
    const before = silent.connections;
    const { error, elapsed } = await refusal(`http://127.0.0.1:${silent.port}/openapi.yaml`, { allowedHosts: [`127.0.0.1:${silent.port}`], timeoutMs: 500 });
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", status: 422 });
    expect(error.message).toBe(UNREACHABLE);
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(2_000);
    expect(silent.connections).toBe(before + 1);
  });

  // Assessment finding 8: distinct messages for a closed port and a silent one mapped the network.
  it("a closed port answers exactly like a silent server", async () => {
    const port = await findFreePort();
    const { error } = await refusal(`http://127.0.0.1:${port}/openapi.yaml`, { allowedHosts: [`127.0.0.1:${port}`], timeoutMs: 500 });
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", status: 422 });
    expect(error.message).toBe(UNREACHABLE);
    expect(error.message).not.toMatch(/ECONN|refused \(|\d+ seconds?/);
  });

  it("a server that sends headers and then stalls the body: refused within timeoutMs too", async () => {
    const { error, elapsed } = await refusal(`http://127.0.0.1:${main.port}/slow-body`, { ...allowed, timeoutMs: 500 });
    expect(error.message).toBe(UNREACHABLE);
    expect(elapsed).toBeLessThan(2_000);
  }, 5_000);
});

describe("isForbiddenAddress", () => {
  it.each([
    // IPv4: this network, private, CGNAT, loopback, link-local, IETF, documentation, benchmarking, multicast, reserved
    "0.0.0.0", "0.255.255.255", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254", "127.0.0.1", "127.255.255.254",
    "169.254.169.254", "169.254.0.1", "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.88.99.1", "192.168.0.1",
    "192.168.255.255", "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.255.255.250",
    "240.0.0.1", "255.255.255.255",
    // IPv6: unspecified, loopback, unique local, link-local, multicast, documentation, discard, Teredo/ORCHID
    "::", "::1", "fc00::1", "fd12:3456:789a::1", "fe80::1", "febf::1", "ff02::1", "2001:db8::1", "100::1", "2001::1",
    // site-local (deprecated), documentation (3fff::/20), SRv6 SIDs, 6to4, IPv4-translated
    "fec0::1", "3fff::1", "5f00::1", "2002::1", "2002:a00:1::1", "2002:808:808::1", "::ffff:0:7f00:1", "::ffff:0:808:808",
    // more IPv4 special-purpose blocks: AS112, AMT, direct-delegation AS112
    "192.31.196.1", "192.52.193.1", "192.175.48.1",
    // v4-mapped and NAT64 forms of internal IPv4 addresses
    "::ffff:127.0.0.1", "::FFFF:127.0.0.1", "::ffff:7f00:1", "::ffff:10.0.0.1", "::ffff:a9fe:a9fe", "::ffff:192.168.1.1",
    "64:ff9b::10.0.0.1", "64:ff9b::a00:1", "64:ff9b::127.0.0.1", "64:ff9b::a9fe:a9fe", "0:0:0:0:0:ffff:7f00:1",
    // not an IP address at all
    "localhost", "", "example.com", "1.2.3", "127.1",
  ])("%s is forbidden", (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each([
    "8.8.8.8", "1.1.1.1", "93.184.215.14", "9.255.255.255", "11.0.0.1", "100.63.255.255", "100.128.0.1", "172.15.255.255",
    "172.32.0.1", "192.167.255.255", "192.169.0.1", "198.17.255.255", "198.20.0.1", "223.255.255.255",
    "2606:4700::1111", "2001:4860:4860::8888", "2a00:1450:4001::1",
    "::ffff:8.8.8.8", "::ffff:808:808", "64:ff9b::8.8.8.8", "64:ff9b::808:808", "0:0:0:0:0:ffff:808:808",
  ])("%s is allowed", (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });

  it("a NAT64 address written out in full is judged by its IPv4 part too", () => {
    // 64:ff9b:0:0:0:0:a00:1 is 64:ff9b::a00:1, i.e. 10.0.0.1 behind NAT64.
    expect(isForbiddenAddress("64:ff9b:0:0:0:0:a00:1")).toBe(true);
    expect(isForbiddenAddress("64:ff9b:0:0:0:0:7f00:1")).toBe(true);
  });
});
