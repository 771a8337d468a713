// @ts-check
import node from "@astrojs/node";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "astro/config";

// Server-rendered on every request: each page reads the API with the visitor's own session.
export default defineConfig({
  output: "server",
  adapter: node({ mode: "standalone" }),
  // The same URLs as Django's pages: /books/, /books/new/, /books/<id>/edit/.
  trailingSlash: "always",
  build: {
    // Stylesheets as files, never inline: the Content-Security-Policy allows no inline style.
    inlineStylesheets: "never",
  },
  // Astro refuses a form post whose Origin is not this site (its CSRF check), before a page runs.
  security: { checkOrigin: true },
  // The server build bundles its dependencies: the image runs dist/ alone, without node_modules.
  vite: { plugins: [tailwindcss()], ssr: { noExternal: true } },
});
