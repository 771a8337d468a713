// Next.js: Django-style trailing slashes, a standalone server for the Docker image, and the
// vendored static files under /static/ as on level 0.
export default {
  trailingSlash: true,
  output: "standalone",
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3"],
  async rewrites() {
    return [{ source: "/static/:path*", destination: "/:path*" }];
  },
};
