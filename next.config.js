// @ts-check
// Security headers for every response. The page CSP carries a per-request nonce and is set in
// proxy.ts; API responses get a CSP that allows nothing at all. HSTS depends on the deployment's
// URL, known only at run time, so scripts/start.ts sets it.
const baseHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // `npm run typecheck` checks the whole project, tests included, as the first step of `npm test`;
  // repeating it inside every build would only make `npm start` slower.
  typescript: { ignoreBuildErrors: true },
  // pdfkit reads its font metrics from files beside its own code; bundled, it cannot find them.
  serverExternalPackages: ["pdfkit"],
  async headers() {
    return [
      { source: "/:path*", headers: baseHeaders },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};

export default nextConfig;
