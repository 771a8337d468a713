// The Express application: middleware in the order a request meets it, then the routers, then the error pages.
import path from "node:path";
import cookieParser from "cookie-parser";
import cookieSession from "cookie-session";
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler } from "express";
import helmet from "helmet";
import nunjucks from "nunjucks";
import { apiRouter } from "./api.ts";
import { loadUser } from "./auth.ts";
import { cacheIsReachable, entityCounts } from "./cache.ts";
import { ROOT, hostAllowed, type Config } from "./config.ts";
import { csrf } from "./csrf.ts";
import { RETRY_AFTER_SECONDS, UNAVAILABLE_DETAIL, errorCause, isUnavailable, type Database } from "./db.ts";
import { entities } from "./entities.ts";
import { healthRouter } from "./health.ts";
import { jobsRouter, multipartForms } from "./jobs-pages.ts";
import { brokerIsReachable } from "./jobs/queue.ts";
import { pagesRouter } from "./pages.ts";

const SITE_NAME = process.env.SITE_NAME || "Library";

function wantsJson(req: Request): boolean {
  return req.path.startsWith("/api/") || req.path === "/api" || !req.accepts("html");
}

// helmet's headers with a strict Content-Security-Policy: scripts and styles from /static/ only (Bootstrap and
// htmx are vendored; no inline script or style), no framing. HSTS only on an HTTPS request: sent over plain
// HTTP it would lock a site without a certificate out of browsers that saw it.
function securityHeaders(): RequestHandler {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        // Bootstrap's stylesheet draws its icons (a select's arrow, the menu button) as data: images.
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'", "data:"],
      },
    },
    strictTransportSecurity: false,
    xFrameOptions: { action: "deny" },
    referrerPolicy: { policy: "same-origin" },
  });
  const hsts = helmet.strictTransportSecurity({ maxAge: 365 * 24 * 60 * 60, includeSubDomains: true });
  return (req, res, next) => headers(req, res, () => (req.secure ? hsts(req, res, next) : next()));
}

export function createApp({ config, db }: { config: Config; db: Database }): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  app.set("strict routing", false);

  const views = nunjucks.configure(path.join(ROOT, "views"), { autoescape: true, express: app, noCache: config.debug });
  views.addGlobal("siteName", SITE_NAME);
  views.addGlobal("navEntities", entities);
  // The list pages' "Export in background" and "Import CSV", and the navigation's Jobs link.
  views.addGlobal("backgroundJobs", true);
  app.set("view engine", "html");

  app.use(securityHeaders());
  app.use("/health", healthRouter(db, { cache: cacheIsReachable, broker: () => brokerIsReachable(config.redisUrl) }));
  app.use((req, res, next) => {
    if (hostAllowed(req.hostname, config.allowedHosts)) return next();
    return res.status(400).type("text/plain").send("Bad Request (400): the host name is not in ALLOWED_HOSTS.");
  });
  app.use("/static", express.static(path.join(ROOT, "public"), { maxAge: config.debug ? 0 : "1h" }));

  app.use(express.json({ limit: "1mb" }));
  app.use(express.urlencoded({ extended: false, limit: "1mb" }));
  app.use(multipartForms);
  // Who is signed in: the `sessionid` cookie's server-side session (src/sessions.ts, read by loadUser). The forms'
  // CSRF token and the messages shown once travel in the signed `state` cookie, which signs nobody in.
  app.use(cookieParser());
  app.use(
    cookieSession({
      name: "state",
      keys: [config.secretKey],
      httpOnly: true,
      sameSite: "lax",
      maxAge: 14 * 24 * 60 * 60 * 1000,
    }),
  );
  app.use((req, res, next) => {
    // Secure cookies whenever the request came over HTTPS (directly, or through the platform's proxy).
    req.sessionOptions.secure = req.secure;
    next();
  });
  app.use(loadUser(db));

  app.use("/api", apiRouter(db));

  app.use(csrf);
  app.use((req, res, next) => {
    // Shown once. A session that had none is left untouched: a visitor's page sets no cookie (csrf.ts).
    res.locals.messages = req.session?.messages ?? [];
    if (req.session?.messages) req.session.messages = undefined;
    res.locals.currentPath = req.path;
    next();
  });
  // The home page's counts come from the Redis cache (src/cache.ts) while it answers.
  app.use(pagesRouter(db, { entityCounts }));
  app.use(jobsRouter(db, config));

  app.use((req, res) => {
    if (wantsJson(req)) return res.status(404).json({ detail: "Not found." });
    return res.status(404).render("404.html");
  });

  // Never a stack trace to the client unless DEBUG is on; always one in the log. While the database does not
  // answer (a restart, a failover) the answer is a 503 with Retry-After, as /health/ready/ gives, not a 500:
  // clients and load balancers retry a 503.
  // An error as Express and its middleware throw them: an http-errors status where one applies.
  type HttpError = Error & { status?: number; statusCode?: number; expose?: boolean };
  const errorPages: ErrorRequestHandler = (error: HttpError, req, res, _next) => {
    if (isUnavailable(error) && !res.headersSent) {
      console.error(`The database is unavailable: ${errorCause(error).message}`);
      res.set("Retry-After", RETRY_AFTER_SECONDS);
      if (wantsJson(req)) return res.status(503).json({ detail: UNAVAILABLE_DETAIL });
      return res.status(503).render("error.html", { status: 503, detail: UNAVAILABLE_DETAIL, trace: null });
    }
    const status = error.status || error.statusCode || 500;
    if (status >= 500) console.error(error);
    const detail = status >= 500 ? "Server error." : error.expose === false ? "Bad request." : error.message;
    // Part of the answer went out already (a CSV export that failed midway): cut the connection, so that the
    // client sees a failed download rather than a complete-looking file.
    if (res.headersSent) return res.destroy(error);
    if (wantsJson(req)) {
      return res.status(status).json({ detail, ...(config.debug && status >= 500 ? { trace: error.stack } : {}) });
    }
    return res.status(status).render(status >= 500 ? "500.html" : "error.html", {
      status,
      detail,
      trace: config.debug && status >= 500 ? error.stack : null,
    });
  };
  app.use(errorPages);
  return app;
}
