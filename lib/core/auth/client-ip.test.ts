import { describe, expect, it } from "vitest";
import { clientIpFrom, trustedClientIp } from "@/lib/core/auth/client-ip";

describe("clientIpFrom", () => {
  it("reads X-Forwarded-For from a Headers object", () => {
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "203.0.113.7" }))).toBe("203.0.113.7");
  });

  it("reads the header from a plain object (Node's IncomingHttpHeaders)", () => {
    expect(clientIpFrom({ "x-forwarded-for": "198.51.100.2" })).toBe("198.51.100.2");
  });

  it("takes the first value when a plain object holds an array", () => {
    expect(clientIpFrom({ "x-forwarded-for": ["198.51.100.2", "10.0.0.1"] })).toBe("198.51.100.2");
  });

  it("takes the first entry of a comma list and trims it", () => {
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "  203.0.113.7 , 10.0.0.1, 10.0.0.2" }))).toBe("203.0.113.7");
  });

  it("strips the IPv4-mapped IPv6 prefix", () => {
    expect(clientIpFrom({ "x-forwarded-for": "::ffff:192.0.2.10" })).toBe("192.0.2.10");
  });

  it("keeps a plain IPv6 address", () => {
    expect(clientIpFrom({ "x-forwarded-for": "2001:db8::1" })).toBe("2001:db8::1");
  });

  it('answers "unknown" when the header is missing or empty', () => {
    expect(clientIpFrom(new Headers())).toBe("unknown");
    expect(clientIpFrom({})).toBe("unknown");
    expect(clientIpFrom({ "x-forwarded-for": undefined })).toBe("unknown");
    expect(clientIpFrom({ "x-forwarded-for": "" })).toBe("unknown");
    expect(clientIpFrom({ "x-forwarded-for": " , 10.0.0.1" })).toBe("unknown");
  });
});

describe("trustedClientIp", () => {
  const SOCKET = "10.0.0.99";

  it("uses the socket and ignores a spoofed X-Forwarded-For when no proxy is trusted", () => {
    expect(trustedClientIp(SOCKET, "6.6.6.6", 0)).toBe(SOCKET);
    expect(trustedClientIp(SOCKET, "6.6.6.6, 7.7.7.7", 0)).toBe(SOCKET);
  });

  it("treats a negative hop count like zero", () => {
    expect(trustedClientIp(SOCKET, "6.6.6.6", -1)).toBe(SOCKET);
  });

  it("strips ::ffff: from the socket address", () => {
    expect(trustedClientIp("::ffff:10.0.0.99", undefined, 0)).toBe("10.0.0.99");
  });

  it('answers "unknown" without a socket address or a usable header', () => {
    expect(trustedClientIp(undefined, undefined, 0)).toBe("unknown");
    expect(trustedClientIp(undefined, "6.6.6.6", 0)).toBe("unknown");
  });

  it("takes the right-most entry behind one trusted proxy, ignoring what the client prepended", () => {
    // The client sent "X-Forwarded-For: 6.6.6.6"; the proxy appended the address it saw.
    expect(trustedClientIp(SOCKET, "6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
    expect(trustedClientIp(SOCKET, "203.0.113.7", 1)).toBe("203.0.113.7");
  });

  it("takes the second entry from the right behind two trusted proxies", () => {
    expect(trustedClientIp(SOCKET, "6.6.6.6, 203.0.113.7, 10.0.0.5", 2)).toBe("203.0.113.7");
    expect(trustedClientIp(SOCKET, "203.0.113.7,10.0.0.5", 2)).toBe("203.0.113.7");
  });

  it("falls back to the socket when the chain is shorter than the trusted hops", () => {
    expect(trustedClientIp(SOCKET, "203.0.113.7", 2)).toBe(SOCKET);
    expect(trustedClientIp(SOCKET, "203.0.113.7, 10.0.0.5", 3)).toBe(SOCKET);
  });

  it("falls back to the socket when the header is missing or only separators", () => {
    expect(trustedClientIp(SOCKET, undefined, 1)).toBe(SOCKET);
    expect(trustedClientIp(SOCKET, "", 1)).toBe(SOCKET);
    expect(trustedClientIp(SOCKET, " , ,", 1)).toBe(SOCKET);
  });

  it("ignores empty entries when counting from the right", () => {
    expect(trustedClientIp(SOCKET, "203.0.113.7, , 10.0.0.5,", 2)).toBe("203.0.113.7");
  });

  it("strips ::ffff: from the chosen entry", () => {
    expect(trustedClientIp(SOCKET, "::ffff:203.0.113.7", 1)).toBe("203.0.113.7");
  });
});
