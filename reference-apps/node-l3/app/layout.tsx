// Every page's frame: the stylesheets and the navigation bar.
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { entities } from "@/src/entities";

export const metadata: Metadata = { title: process.env.SITE_NAME || "Stack Ladder app" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <link rel="stylesheet" href="/static/vendor/bootstrap.min.css" />
        <link rel="stylesheet" href="/static/css/app.css" />
      </head>
      <body>
        <nav className="navbar bg-body-tertiary border-bottom mb-4">
          <div className="container">
            <a className="navbar-brand" href="/">
              Home
            </a>
            {entities.map((e) => (
              <a key={e.name} className="nav-link" href={`/${e.plural}/`}>
                {e.verbosePlural}
              </a>
            ))}
            <a className="nav-link ms-auto" href="/jobs/">
              Jobs
            </a>
          </div>
        </nav>
        <main className="container pb-5">{children}</main>
      </body>
    </html>
  );
}
