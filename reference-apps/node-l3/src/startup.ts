// What the Next.js server does once when it starts (instrumentation.js calls it on the Node.js runtime): load
// the project's .env file (the standalone server runs from .next/standalone/ and would not see it), then
// refuse a production start without a real SECRET_KEY, as the Express rung does.
import { configOrExit } from "./config.ts";

export function checkConfiguration() {
  configOrExit();
}
