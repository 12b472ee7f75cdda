import "server-only";
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { AppError } from "@/lib/core/app-error";
import { MAX_SPEC_BYTES } from "@/lib/core/specs/parse-spec-text";

// Fetching a spec by URL makes this server send a request wherever a user points it: the
// classic SSRF. Every hop (redirects included) is checked before a connection is made, and the
// connection goes to the exact address that was checked, so DNS cannot be switched in between.

export const URL_IMPORT_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 3;

// The IANA special-purpose address registries (IPv4 and IPv6), every entry that is not
// globally reachable, plus transition prefixes whose embedded IPv4 address a relay or gateway may
// reach on our behalf (6to4, IPv4-translated): those are refused whole.
const blocked = new net.BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.31.196.0", 24], ["192.52.193.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16],
  ["192.175.48.0", 24], ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8], ["2001:db8::", 32], ["3fff::", 20],
  ["100::", 64], ["2001::", 23], ["2002::", 16], ["5f00::", 16],
  // IPv4-compatible (deprecated), IPv4-translated (::ffff:0:a.b.c.d) and the local-use NAT64 prefix.
  ["::", 96], ["::ffff:0:0:0", 96], ["64:ff9b:1::", 48],
] as const) blocked.addSubnet(network, prefix, "ipv6");

/** Loopback, private, link-local (cloud metadata lives there), shared, documentation, multicast… */
export function isForbiddenAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family !== 6) return true;
  // The URL parser writes IPv6 in its shortest form, so every spelling meets the same patterns.
  const lower = new URL(`http://[${address}]`).hostname.slice(1, -1).toLowerCase();
  // IPv4 wrapped in IPv6 (mapped ::ffff:a.b.c.d, or NAT64 64:ff9b::a.b.c.d) is judged as IPv4.
  const embedded = /^(?:::ffff:|64:ff9b::)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (embedded) return blocked.check(embedded[1]!, "ipv4");
  const mappedHex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (mappedHex) {
    const high = parseInt(mappedHex[1]!, 16);
    const low = parseInt(mappedHex[2]!, 16);
    return blocked.check(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`, "ipv4");
  }
  return blocked.check(address, "ipv6");
}

export type TFetchOptions = { allowedHosts: readonly string[]; timeoutMs?: number; maxBytes?: number };
export type TFetchedSpec = { bytes: Uint8Array; finalUrl: string; contentType: string | null };

// One message for every refused address and one for every failed connection: a message that
// named the resolved address, or told a closed port from a silent one, would let the import
// form be used to map the network this server sits in.
export const FORBIDDEN_ADDRESS =
  "This URL points to a private, loopback, link-local or otherwise reserved address; Bulwark does not fetch from those. An administrator can allow the host in BULWARK_URL_IMPORT_ALLOWED_HOSTS.";
export const UNREACHABLE = "The URL could not be fetched: the host was not found, refused the connection or did not answer in time.";

const refuse = (message: string) => new AppError("VALIDATION_FAILED", message, { fieldErrors: [{ field: "url", pointer: "/url", detail: message }] });

function isAllowListed(url: URL, allowedHosts: readonly string[]): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return allowedHosts.some((entry) => {
    const candidate = entry.trim().toLowerCase();
    return candidate === host || candidate === `${host}:${port}` || candidate === `[${host}]:${port}`;
  });
}

async function vettedAddress(url: URL, allowedHosts: readonly string[]): Promise<{ address: string; family: 4 | 6 }> {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw refuse(`Only http:// and https:// URLs can be imported, not ${url.protocol}//.`);
  if (url.username || url.password) throw refuse("URLs with a user name or password in them are not fetched.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  if (net.isIP(host)) {
    addresses = [{ address: host, family: net.isIP(host) }];
  } else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw refuse(UNREACHABLE);
    }
  }
  const allowListed = isAllowListed(url, allowedHosts);
  const forbidden = addresses.find((entry) => isForbiddenAddress(entry.address));
  if (forbidden && !allowListed) {
    throw refuse(FORBIDDEN_ADDRESS);
  }
  const first = addresses[0];
  if (!first) throw refuse(UNREACHABLE);
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

function requestOnce(url: URL, target: { address: string; family: 4 | 6 }, signal: AbortSignal, maxBytes: number) {
  return new Promise<{ status: number; location: string | null; contentType: string | null; bytes: Uint8Array }>((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const request = client.request(
      url,
      {
        method: "GET",
        signal,
        headers: { accept: "application/json, application/yaml, text/yaml, */*;q=0.5", "user-agent": "Bulwark spec import" },
        // Connect to the address that was checked, whatever DNS says now.
        lookup: (_hostname, options, callback) => {
          if ((options as { all?: boolean }).all) (callback as (err: null, addresses: { address: string; family: number }[]) => void)(null, [target]);
          else (callback as (err: null, address: string, family: number) => void)(null, target.address, target.family);
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const location = typeof response.headers.location === "string" ? response.headers.location : null;
        const contentType = response.headers["content-type"] ?? null;
        if (status >= 300 && status < 400) {
          response.resume();
          resolve({ status, location, contentType, bytes: new Uint8Array() });
          return;
        }
        const declared = Number(response.headers["content-length"] ?? 0);
        if (declared > maxBytes) {
          response.destroy();
          reject(new AppError("PAYLOAD_TOO_LARGE", "The spec at this URL is larger than 10 MB."));
          return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        response.on("data", (chunk: Buffer) => {
          received += chunk.byteLength;
          if (received > maxBytes) {
            response.destroy();
            reject(new AppError("PAYLOAD_TOO_LARGE", "The spec at this URL is larger than 10 MB."));
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", () => resolve({ status, location, contentType, bytes: new Uint8Array(Buffer.concat(chunks)) }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end();
  });
}

export async function fetchSpecFromUrl(rawUrl: string, options: TFetchOptions): Promise<TFetchedSpec> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw refuse("Enter a full URL, like https://api.example.com/openapi.yaml.");
  }
  const timeoutMs = options.timeoutMs ?? URL_IMPORT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    for (let hop = 0; ; hop++) {
      const target = await vettedAddress(url, options.allowedHosts);
      let response;
      try {
        response = await requestOnce(url, target, controller.signal, options.maxBytes ?? MAX_SPEC_BYTES);
      } catch (error) {
        if (error instanceof AppError) throw error;
        // A timeout, a refused or reset connection and an unknown host read alike, so the
        // answers cannot map which hosts and ports exist behind the server.
        throw refuse(UNREACHABLE);
      }
      if (response.status >= 300 && response.status < 400 && response.location) {
        if (hop >= MAX_REDIRECTS) throw refuse(`The URL redirected more than ${MAX_REDIRECTS} times.`);
        // Each redirect target is checked like the first URL.
        url = new URL(response.location, url);
        continue;
      }
      if (response.status < 200 || response.status >= 300) throw refuse(`The URL answered HTTP ${response.status}, not the spec.`);
      return { bytes: response.bytes, finalUrl: url.toString(), contentType: response.contentType };
    }
  } finally {
    clearTimeout(timer);
  }
}
