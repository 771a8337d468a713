// A visitor's list pages, kept in this process's memory once rendered and answered from there while the data
// is unchanged. A visitor's page shows nothing but data (no user name, no CSRF token, no message: only
// signed-in users can write), so every visitor gets the same page for the same URL; signed-in users' pages are
// rendered each time. src/next-server.js keeps here what Next.js answered, and sends it again.
//
// All pages go at once (a list shows other entities' names too) when:
// - anything is created, updated or deleted (by this process's Next.js pages and API, another web worker,
//   `npm run seed`, the background worker's imports): src/db.js hears of it through
//   PostgreSQL's LISTEN/NOTIFY within milliseconds. While this process is not listening (PostgreSQL
//   restarting), nothing is answered from here;
// - a page is MAX_AGE_SECONDS old: the bound for a write nothing announces (an UPDATE typed into a database
//   shell, which notifies nobody).
import { watchWrites } from "./db.js";

const MAX_PAGES = 500; // past it, the oldest page goes
const MAX_AGE_SECONDS = 60;

export class PageCache {
  #pages = new Map();
  #generation = 0;
  #writes;

  constructor(db) {
    this.#writes = watchWrites(db);
  }

  // The data's generation now: a write since the last call starts a new one, without the old pages.
  generation() {
    if (this.#writes.changed()) {
      this.#generation += 1;
      this.#pages.clear();
    }
    return this.#generation;
  }

  get(key) {
    this.generation();
    const page = this.#pages.get(key);
    if (!page || !this.#writes.live()) return undefined;
    if (Date.now() - page.at > MAX_AGE_SECONDS * 1000) {
      this.#pages.delete(key);
      return undefined;
    }
    return page.content;
  }

  // Keeps a page (whatever the caller needs to send it again) rendered from the data of `generation` (read
  // before its queries), unless that has changed: a page read just before a write must not outlive it.
  set(key, content, generation) {
    if (generation !== this.generation() || !this.#writes.live()) return;
    if (this.#pages.size >= MAX_PAGES) this.#pages.delete(this.#pages.keys().next().value);
    this.#pages.set(key, { content, at: Date.now() });
  }
}
