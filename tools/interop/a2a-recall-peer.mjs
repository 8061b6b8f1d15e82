// The peer of the a2a benchmark (tools/McpMemory.Benchmarks, A2ABenchmark.cs): an A2A v1.0 agent built with the
// reference JavaScript SDK (@a2a-js/sdk 1.3.0, JSON-RPC over express, its in-memory task store) that answers the same
// messages as mcp-memory's skills, from memory only:
//   remember: a data part {"skill": "remember", "episodes": [{"text", "speaker"}]} appends the events to an array;
//   recall:   any other message (its text, or a data part's "query"): ranks every stored event by keyword overlap
//             (the query's distinct words found in the event, each weighted by its inverse document frequency), and
//             returns the top k (data part "k", default 5) as text and as a data part {"hits": [...]}: no embedding,
//             no index, nothing written to disk;
//   stats:    a data part {"skill": "stats"}: counts the stored events, the trivial request of the benchmark.
// Every task goes through the same events as ours: submitted, working, one artifact, completed.
// Usage: node a2a-recall-peer.mjs. Listens on a free loopback port and prints {"url": BASE_URL} as its first line.
import { randomUUID } from "node:crypto";
import express from "express";
import { AgentEvent, DefaultRequestHandler, InMemoryTaskStore } from "@a2a-js/sdk/server";
import { jsonRpcHandler, agentCardHandler, UserBuilder } from "@a2a-js/sdk/server/express";
import { Role, TaskState } from "@a2a-js/sdk";

const app = express();
const server = app.listen(0, "127.0.0.1");
await new Promise((resolve) => server.once("listening", resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const events = []; // { id, text, speaker, words: Set }
const documentFrequency = new Map();
const wordsOf = (text) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

function remember(episodes) {
  for (const episode of episodes) {
    const words = wordsOf(episode.text ?? "");
    events.push({ id: randomUUID(), text: episode.text ?? "", speaker: episode.speaker, words });
    for (const word of words) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  }
  return `Remembered ${episodes.length} new event(s) in 'default'.`;
}

function recall(query, k) {
  const terms = [...wordsOf(query)].map((word) => [word, Math.log(1 + events.length / (documentFrequency.get(word) ?? 0.5))]);
  const hits = [];
  for (const event of events) {
    let score = 0;
    for (const [word, weight] of terms) if (event.words.has(word)) score += weight;
    if (score > 0) hits.push({ event, score });
  }
  hits.sort((a, b) => b.score - a.score);
  const top = hits.slice(0, k);
  const text = top.length === 0
    ? `No memories in 'default' match "${query}".`
    : `Top ${top.length} memories in 'default' for "${query}":` + top.map((h, i) => `\n${i + 1}. ${h.event.speaker ? `${h.event.speaker}: ` : ""}${h.event.text}`).join("");
  const data = { skill: "recall", query, namespace: "default", hits: top.map((h) => ({ id: h.event.id, text: h.event.text, speaker: h.event.speaker, score: h.score })) };
  return { text, data };
}

const textPart = (value) => ({ content: { $case: "text", value }, metadata: {}, filename: "", mediaType: "text/plain" });
const dataPart = (value) => ({ content: { $case: "data", value }, metadata: {}, filename: "", mediaType: "application/json" });
const agentMessage = (taskId, contextId, value) => ({ messageId: randomUUID(), contextId, taskId, role: Role.ROLE_AGENT, parts: [textPart(value)], metadata: {}, extensions: [], referenceTaskIds: [] });
const status = (taskId, contextId, state, value) => ({ state, message: value ? agentMessage(taskId, contextId, value) : undefined, timestamp: new Date().toISOString() });
const skill = (id, description) => ({ id, name: id, description, tags: ["memory"], examples: [], inputModes: [], outputModes: [], securityRequirements: [] });
const card = {
  name: "a2a-recall-peer", description: "Keyword recall over events kept in memory (the peer of mcp-memory's a2a benchmark)", version: "1.0.0",
  supportedInterfaces: [{ url: `${base}/a2a`, protocolBinding: "JSONRPC", tenant: "", protocolVersion: "1.0" }],
  provider: undefined, capabilities: { streaming: true, pushNotifications: false, extensions: [] },
  securitySchemes: {}, securityRequirements: [], defaultInputModes: ["text/plain"], defaultOutputModes: ["text/plain"],
  skills: [skill("recall", "Ranks the stored events by keyword overlap."), skill("remember", "Stores events in memory."), skill("stats", "Counts the stored events.")],
  signatures: [],
};

const executor = {
  async execute(context, bus) {
    const { taskId, contextId } = context;
    const parts = context.userMessage.parts;
    const text = parts.filter((p) => p.content?.$case === "text").map((p) => p.content.value).join("\n");
    const data = parts.find((p) => p.content?.$case === "data")?.content.value ?? {};
    const publishStatus = (state, value) => bus.publish(AgentEvent.statusUpdate({ taskId, contextId, status: status(taskId, contextId, state, value), metadata: {} }));
    bus.publish(AgentEvent.task({ id: taskId, contextId, status: status(taskId, contextId, TaskState.TASK_STATE_SUBMITTED), artifacts: [], history: [context.userMessage], metadata: {} }));
    publishStatus(TaskState.TASK_STATE_WORKING);
    let answer;
    if (data.skill === "remember") {
      const said = remember(Array.isArray(data.episodes) ? data.episodes : []);
      answer = { name: "remembered", text: said, data: { skill: "remember", namespace: "default", stored: events.length } };
    } else if (data.skill === "stats") {
      answer = { name: "stats", text: `1 namespace(s): default (episodic) ${events.length} records`, data: { skill: "stats", namespaces: [{ namespace: "default", kind: "episodic", records: events.length }] } };
    } else {
      const { text: said, data: hits } = recall(typeof data.query === "string" ? data.query : text, Number.isInteger(data.k) ? data.k : 5);
      answer = { name: "recall", text: said, data: hits };
    }
    bus.publish(AgentEvent.artifactUpdate({ taskId, contextId, artifact: { artifactId: answer.name, name: answer.name, description: "", parts: [textPart(answer.text), dataPart(answer.data)], metadata: {}, extensions: [] }, append: false, lastChunk: true, metadata: {} }));
    publishStatus(TaskState.TASK_STATE_COMPLETED, answer.text);
    bus.finished();
  },
  async cancelTask() {},
};

const handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), executor);
app.use("/.well-known/agent-card.json", agentCardHandler({ agentCardProvider: handler }));
app.use("/a2a", jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));

console.log(JSON.stringify({ url: base }));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
