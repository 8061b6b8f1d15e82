// Measures A2A SendMessage (JSON-RPC, v1.0) on the recall skill against a running mcp-memory server: requests per
// second and p50/p95 latency at each concurrency. Stores 200 events first so each recall has something to rank.
// Usage: node a2a-load.mjs BASE_URL [REQUESTS_PER_LEVEL=400] [CONCURRENCIES=1,8,32]
import { randomUUID } from "node:crypto";

const [baseUrl, perLevelArg, levelsArg] = process.argv.slice(2);
if (!baseUrl) {
  console.error("usage: node a2a-load.mjs BASE_URL [REQUESTS_PER_LEVEL] [CONCURRENCIES]");
  process.exit(2);
}
const perLevel = Number(perLevelArg ?? 400);
const levels = (levelsArg ?? "1,8,32").split(",").map(Number);
const endpoint = new URL("/a2a", baseUrl);
const topics = ["ferry", "harbour", "lighthouse", "bakery", "tide", "market", "train", "library"];

async function call(message) {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/json", "A2A-Version": "1.0" },
    body: JSON.stringify({ jsonrpc: "2.0", id: randomUUID(), method: "SendMessage", params: { message } }),
  });
  const body = await response.json();
  if (body.error || body.result?.task?.status?.state !== "TASK_STATE_COMPLETED") throw new Error(JSON.stringify(body).slice(0, 300));
  return body;
}

const episodes = Array.from({ length: 200 }, (_, i) => ({ text: `Note ${i}: the ${topics[i % topics.length]} schedule changed on day ${i % 28}`, speaker: `p${i % 5}` }));
await call({ messageId: randomUUID(), role: "ROLE_USER", parts: [{ data: { skill: "remember", episodes } }] });

const results = [];
for (const concurrency of [...levels]) {
  for (let i = 0; i < concurrency * 2; i++) await call({ messageId: randomUUID(), role: "ROLE_USER", parts: [{ text: "warm up" }] });
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < perLevel) {
      const n = next++;
      const t0 = performance.now();
      await call({ messageId: randomUUID(), role: "ROLE_USER", parts: [{ text: `when did the ${topics[n % topics.length]} schedule change?` }] });
      latencies.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  results.push({ concurrency, requests: perLevel, rps: +(perLevel / seconds).toFixed(1), p50ms: +pct(0.5).toFixed(1), p95ms: +pct(0.95).toFixed(1) });
}
console.log(JSON.stringify(results));
