// The LanceDB peer of `McpMemory.Benchmarks vectors`: flat (no index) top-k search with @lancedb/lancedb.
// Usage: node lancedb-flat-search.mjs VECTORS_FILE DIMENSIONS WORK_DIR
// VECTORS_FILE holds little-endian float32 vectors back to back. Reads commands on stdin, one JSON object a line:
//   {"rows": N}                      load the first N vectors into a fresh table (ids 0..N-1); answers {"loaded": N, "ms": ...}
//   {"queries": FILE, "k": 10}       runs each query of FILE (float32 vectors) once, timing each; answers
//                                    {"latencies_ms": [...], "ids": [[...], ...]}
// Prints nothing else on stdout; progress goes to stderr.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import * as lancedb from "@lancedb/lancedb";
import { Field, FixedSizeList, Float32, Int32, Schema } from "apache-arrow";

const [vectorsFile, dimensionsText, workDir] = process.argv.slice(2);
const dimensions = Number(dimensionsText);
const all = readFloats(vectorsFile);
const db = await lancedb.connect(workDir);
let table = null;

function readFloats(file) {
  const bytes = readFileSync(file); // may be a view into a larger shared buffer: copy exactly its bytes
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function arrowTable(rows) {
  const records = new Array(rows);
  for (let i = 0; i < rows; i++) {
    records[i] = { id: i, vector: Array.from(all.subarray(i * dimensions, (i + 1) * dimensions)) };
  }
  const schema = new Schema([
    new Field("id", new Int32(), false),
    new Field("vector", new FixedSizeList(dimensions, new Field("item", new Float32(), true)), false),
  ]);
  return lancedb.makeArrowTable(records, { schema });
}

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const command = JSON.parse(line);
  if (command.rows !== undefined) {
    const started = performance.now();
    table = await db.createTable(`v${command.rows}`, arrowTable(command.rows), { mode: "overwrite" });
    process.stdout.write(JSON.stringify({ loaded: await table.countRows(), ms: performance.now() - started }) + "\n");
  } else if (command.queries !== undefined) {
    const queries = readFloats(command.queries);
    const latencies = [];
    const ids = [];
    for (let q = 0; q * dimensions < queries.length; q++) {
      const query = Array.from(queries.subarray(q * dimensions, (q + 1) * dimensions));
      const started = performance.now();
      const rows = await table.vectorSearch(query).distanceType("dot").bypassVectorIndex().limit(command.k).select(["id", "_distance"]).toArray();
      latencies.push(performance.now() - started);
      ids.push(rows.map((r) => r.id));
    }
    process.stdout.write(JSON.stringify({ latencies_ms: latencies, ids }) + "\n");
  }
}
