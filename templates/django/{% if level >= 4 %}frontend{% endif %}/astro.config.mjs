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
  // Behind the front door this server does not know the site's public origin, so Astro's own Origin check would
  // refuse every form. Every write goes to the API with the visitor's session, where Django checks the CSRF token
  // and the Origin against the host it validated (src/lib/api.ts passes both on).
  security: { checkOrigin: false },
  // The server build bundles its dependencies: the image runs dist/ alone, without node_modules.
  vite: { plugins: [tailwindcss()], ssr: { noExternal: true } },
});
