// Reads the Arrow segment files of one mcp-memory namespace with apache-arrow, loads them into a LanceDB table in a
// scratch folder, and prints the ids of the k rows nearest to a query vector (exact search, no index) as JSON:
//   {"ids": [...], "distances": [...], "rows": N, "segments": [...]}
// The segments are read as they are: if LanceDB or Arrow JS could not take our files, this script fails.
//
// node lancedb-topk.mjs --namespace-dir DATA/namespaces/NAME --query-vector FILE.json --work DIR [--k 10] [--metric cosine]
//
// FILE.json holds the query vector as a JSON array of numbers. Segments come from the namespace's manifest.json (the
// files it lists are the live ones), so a server may keep running while this reads.
import { readFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import * as lancedb from "@lancedb/lancedb";

// LanceDB loads apache-arrow with require(); importing it as ESM would give a second copy whose Table LanceDB does not
// recognise (the dual-package hazard), so take the same CommonJS copy.
const { tableFromIPC } = createRequire(import.meta.url)("apache-arrow");

const { values } = parseArgs({
  options: {
    "namespace-dir": { type: "string" },
    "query-vector": { type: "string" },
    work: { type: "string" },
    k: { type: "string", default: "10" },
    metric: { type: "string", default: "cosine" },
  },
});

for (const required of ["namespace-dir", "query-vector", "work"]) {
  if (!values[required]) {
    console.error(`lancedb-topk: --${required} is required`);
    process.exit(2);
  }
}

const k = Number.parseInt(values.k, 10);
const namespaceDir = values["namespace-dir"];
const manifest = JSON.parse(await readFile(path.join(namespaceDir, "manifest.json"), "utf8"));
if (!Array.isArray(manifest.segments) || manifest.segments.length === 0) {
  console.error(`lancedb-topk: ${namespaceDir}/manifest.json lists no segments yet`);
  process.exit(3);
}

const query = JSON.parse(await readFile(values["query-vector"], "utf8"));
await mkdir(values.work, { recursive: true });
const db = await lancedb.connect(values.work);

let table = null;
let rows = 0;
const segments = [];
for (const entry of manifest.segments) {
  const file = path.join(namespaceDir, "segments", entry.file);
  const arrow = tableFromIPC(await readFile(file));
  const vector = arrow.schema.fields.find((f) => f.name === "vector");
  if (!vector || vector.type.listSize !== query.length) {
    console.error(`lancedb-topk: ${file} has no vector column of ${query.length} floats (found ${vector?.type})`);
    process.exit(4);
  }

  rows += arrow.numRows;
  segments.push({ file: entry.file, rows: arrow.numRows });
  if (table === null) {
    table = await db.createTable("episodes", arrow, { mode: "overwrite" });
  } else {
    await table.add(arrow);
  }
}

const hits = await table.vectorSearch(query).distanceType(values.metric).limit(k * 4).toArray();

// One row per embedded part: a record ranks by its best part, as mcp-memory ranks it.
const ids = [];
const distances = [];
for (const hit of hits) {
  if (!ids.includes(hit.id)) {
    ids.push(hit.id);
    distances.push(hit._distance);
  }
}

console.log(JSON.stringify({ ids: ids.slice(0, k), distances: distances.slice(0, k), rows, segments }));
