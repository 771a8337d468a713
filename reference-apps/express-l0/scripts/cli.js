// What the command-line scripts share: the configuration (refused with one clear line) and the database.
import { ConfigError, loadEnvFile, readConfig } from "../src/config.js";
import { openDatabase } from "../src/db.js";

export function openFromEnvironment() {
  loadEnvFile();
  try {
    const config = readConfig();
    return { config, db: openDatabase(config.databasePath) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
