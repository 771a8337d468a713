// Next.js: Django-style trailing slashes, a standalone server for the Docker image, and the
// vendored static files under /static/ as on level 0.
export default {
  trailingSlash: true,
  output: "standalone",
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3"],
  // No framing by other sites, no content-type sniffing, no full URLs in Referer to other sites.
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
