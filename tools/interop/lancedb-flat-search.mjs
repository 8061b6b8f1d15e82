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
import { Field, FixedSizeList, Float32, Int32, makeData, makeVector, Schema, Table } from "apache-arrow";

const [vectorsFile, dimensionsText, workDir] = process.argv.slice(2);
const dimensions = Number(dimensionsText);
const all = new Float32Array(readFileSync(vectorsFile).buffer.slice(0));
const db = await lancedb.connect(workDir);
let table = null;

function arrowTable(rows) {
  const floats = all.subarray(0, rows * dimensions);
  const item = new Field("item", new Float32(), true);
  const vectorType = new FixedSizeList(dimensions, item);
  const child = makeData({ type: new Float32(), length: floats.length, data: floats });
  const vectors = makeVector(makeData({ type: vectorType, length: rows, nullCount: 0, child }));
  const ids = makeVector(Int32Array.from({ length: rows }, (_, i) => i));
  const schema = new Schema([new Field("id", new Int32(), false), new Field("vector", vectorType, false)]);
  return new Table(schema, { id: ids, vector: vectors });
}

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const command = JSON.parse(line);
  if (command.rows !== undefined) {
    const started = performance.now();
    table = await db.createTable(`v${command.rows}`, arrowTable(command.rows), { mode: "overwrite" });
    process.stdout.write(JSON.stringify({ loaded: await table.countRows(), ms: performance.now() - started }) + "\n");
  } else if (command.queries !== undefined) {
    const queries = new Float32Array(readFileSync(command.queries).buffer.slice(0));
    const latencies = [];
    const ids = [];
    for (let q = 0; q * dimensions < queries.length; q++) {
      const query = Array.from(queries.subarray(q * dimensions, (q + 1) * dimensions));
      const started = performance.now();
      const rows = await table.vectorSearch(query).distanceType("dot").bypassVectorIndex().limit(command.k).select(["id"]).toArray();
      latencies.push(performance.now() - started);
      ids.push(rows.map((r) => r.id));
    }
    process.stdout.write(JSON.stringify({ latencies_ms: latencies, ids }) + "\n");
  }
}
