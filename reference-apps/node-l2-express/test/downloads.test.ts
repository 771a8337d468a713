// A CSV export cancelled midway (the browser's Cancel, a closed tab) is the client's choice, not a server error:
// src/pages.ts stops reading and logs nothing.
import assert from "node:assert/strict";
import { once } from "node:events";
import http from "node:http";
import { test } from "node:test";
import { Records } from "../src/records.ts";
import { creationOrder, present, samplePayload, useApp } from "./helpers.ts";

const app = useApp();

// More rows than one batch of the export's reads (src/records.ts), so the download is still going when it is cut.
const ROWS = 1200;

test("a CSV download cancelled midway logs no error", async (t) => {
  const entity = present(creationOrder()[0]);
  const records = new Records(app.db, entity);
  for (let i = 0; i < ROWS; i += 1) await records.create(samplePayload(entity, {}));
  const logged = t.mock.method(console, "error", () => {});

  // Cut once the answer's first bytes arrive, as a browser's Cancel does.
  const request = http.get(`${app.url}/${entity.plural}/export.csv`);
  const [response] = (await once(request, "response")) as [http.IncomingMessage];
  assert.equal(response.statusCode, 200);
  await once(response, "data");
  request.destroy();
  await once(request, "close");

  // The next request is answered after the server has seen the first one closed.
  assert.equal((await fetch(`${app.url}/health/live/`)).status, 200);
  const errors = logged.mock.calls.map((call) => call.arguments);
  assert.deepEqual(errors, []);
});
