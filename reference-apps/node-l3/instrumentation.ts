// Runs once when the Next.js server starts. The work is in src/startup, imported only on the Node.js
// runtime, so that the Edge build never sees its process.exit.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkConfiguration } = await import("@/src/startup");
    checkConfiguration();
  }
}
