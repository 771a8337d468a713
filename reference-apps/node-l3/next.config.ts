// Next.js: Django-style trailing slashes, a standalone server for the Docker image, the vendored static files
// under /static/ as on level 0, and the security headers of every answer.
import type { NextConfig } from "next";

const config: NextConfig = {
  trailingSlash: true,
  output: "standalone",
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3"],
  // The import form's upload goes to a Server Action: room for the largest CSV src/jobs/web takes (10 MB).
  experimental: { serverActions: { bodySizeLimit: "11mb" } },
  // No framing by other sites, no content-type sniffing, no full URLs in Referer to other sites. (No
  // script-src: Next.js writes inline scripts of its own into every page, which would need per-request nonces.
  // HSTS is proxy.ts's: only over HTTPS, which TRUST_PROXY tells, and that is known at run time.)
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
  async rewrites() {
    return [{ source: "/static/:path*", destination: "/:path*" }];
  },
};

export default config;
