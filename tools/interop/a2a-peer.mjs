// A small A2A agent built with the reference JavaScript SDK, for tests that drive peers with mcp-memory's A2A client.
// Usage: node a2a-peer.mjs v1|v03|v1rest|v03rest NAME SKILLS BEHAVIOUR [STEPS]
//   v1:  @a2a-js/sdk 1.3.0 (A2A v1.0, JSON-RPC); v03: @a2a-js/sdk 0.3.14 through the npm alias a2a-sdk-v03 (A2A v0.3).
//   v1rest, v03rest: the same SDKs serving only the HTTP+JSON (REST) binding (the SDK's restHandler under /rest); the
//     card lists only that interface.
//   SKILLS: comma-separated skill ids for the card. BEHAVIOUR: how the agent answers a message (its first text part):
//     answer: working, then an artifact "NAME did: TEXT", then completed;
//     slow:   the same after STEPS steps of 100 ms (default 40: 4 s), reporting every 10th; it can be canceled in between;
//     fail:   working, then failed with the message "NAME cannot do: TEXT";
//     ask:    working, then input-required with the message "NAME needs more: what else?"; a follow-up message with
//             that taskId gets an artifact "NAME did: FIRST + SECOND" (both texts), then completed.
//   A text that starts with "slow:" is handled as slow whatever the BEHAVIOUR.
// Listens on a free loopback port and prints {"url": BASE_URL} as its first line on stdout.
import { randomUUID } from "node:crypto";
import express from "express";

const [family, name, skillList, behaviour, stepArg] = process.argv.slice(2);
const steps = Number(stepArg ?? 40);
if (!["v1", "v03", "v1rest", "v03rest"].includes(family) || !name || !skillList || !["answer", "slow", "fail", "ask"].includes(behaviour) || !(steps >= 1)) {
  console.error("usage: node a2a-peer.mjs v1|v03|v1rest|v03rest NAME SKILLS answer|slow|fail|ask [STEPS]");
  process.exit(2);
}

const skills = skillList.split(",").filter((s) => s.length > 0);
const rest = family.endsWith("rest");
const canceled = new Set();
// ask: the first text of each task that waits for its follow-up.
const asked = new Map();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const app = express();
const server = app.listen(0, "127.0.0.1");
await new Promise((resolve) => server.once("listening", resolve));
const base = `http://127.0.0.1:${server.address().port}`;

// The steps every behaviour goes through; 'emit' publishes in the family's shapes.
async function run(text, taskId, emit) {
  if (behaviour === "ask") {
    await emit.status("working", `${name} is working on it`);
    const first = asked.get(taskId);
    if (first === undefined) {
      asked.set(taskId, text);
      await emit.status("input-required", `${name} needs more: what else?`);
      return;
    }
    asked.delete(taskId);
    await emit.artifact(`${name} did: ${first} + ${text}`);
    await emit.status("completed", `${name} is done`);
    return;
  }
  const slow = behaviour === "slow" || text.startsWith("slow:");
  await emit.status("working", `${name} is working on it`);
  if (slow) {
    for (let step = 1; step <= steps; step++) {
      await sleep(100);
      if (canceled.has(taskId)) {
        await emit.status("canceled", `${name} stopped at step ${step} of ${steps}`);
        return;
      }
      if (step % 10 === 0) await emit.status("working", `${name}: step ${step} of ${steps}`);
    }
  }
  if (behaviour === "fail") {
    await emit.status("failed", `${name} cannot do: ${text}`);
    return;
  }
  await emit.artifact(`${name} did: ${text}`);
  await emit.status("completed", `${name} is done`);
}

if (family.startsWith("v1")) {
  const { AgentEvent, DefaultRequestHandler, InMemoryTaskStore } = await import("@a2a-js/sdk/server");
  const { jsonRpcHandler, restHandler, agentCardHandler, UserBuilder } = await import("@a2a-js/sdk/server/express");
  const { Role, TaskState } = await import("@a2a-js/sdk");
  const states = { working: TaskState.TASK_STATE_WORKING, completed: TaskState.TASK_STATE_COMPLETED, failed: TaskState.TASK_STATE_FAILED, canceled: TaskState.TASK_STATE_CANCELED, submitted: TaskState.TASK_STATE_SUBMITTED, "input-required": TaskState.TASK_STATE_INPUT_REQUIRED };
  const part = (value) => ({ content: { $case: "text", value }, metadata: {}, filename: "", mediaType: "text/plain" });
  const agentMessage = (taskId, contextId, value) => ({ messageId: randomUUID(), contextId, taskId, role: Role.ROLE_AGENT, parts: [part(value)], metadata: {}, extensions: [], referenceTaskIds: [] });
  const status = (taskId, contextId, state, value) => ({ state: states[state], message: value ? agentMessage(taskId, contextId, value) : undefined, timestamp: new Date().toISOString() });
  const card = {
    name, description: `Test peer ${name} (${behaviour})`, version: "1.0.0",
    supportedInterfaces: [rest
      ? { url: `${base}/rest`, protocolBinding: "HTTP+JSON", tenant: "", protocolVersion: "1.0" }
      : { url: `${base}/a2a`, protocolBinding: "JSONRPC", tenant: "", protocolVersion: "1.0" }],
    provider: undefined, capabilities: { streaming: true, pushNotifications: false, extensions: [] },
    securitySchemes: {}, securityRequirements: [], defaultInputModes: ["text/plain"], defaultOutputModes: ["text/plain"],
    skills: skills.map((id) => ({ id, name: id, description: `${name} can ${id}`, tags: [id], examples: [], inputModes: [], outputModes: [], securityRequirements: [] })),
    signatures: [],
  };
  const executor = {
    async execute(context, bus) {
      const { taskId, contextId } = context;
      const text = context.userMessage.parts.find((p) => p.content?.$case === "text")?.content.value ?? "";
      // The SDK wants a task first: a new one, or (for a follow-up message) the task it continues.
      bus.publish(AgentEvent.task(context.task ?? { id: taskId, contextId, status: status(taskId, contextId, "submitted"), artifacts: [], history: [context.userMessage], metadata: {} }));
      await run(text, taskId, {
        status: async (state, value) => bus.publish(AgentEvent.statusUpdate({ taskId, contextId, status: status(taskId, contextId, state, value), metadata: {} })),
        artifact: async (value) => bus.publish(AgentEvent.artifactUpdate({ taskId, contextId, artifact: { artifactId: randomUUID(), name: "answer", description: "", parts: [part(value)], metadata: {}, extensions: [] }, append: false, lastChunk: true, metadata: {} })),
      });
      bus.finished();
    },
    async cancelTask(taskId) {
      canceled.add(taskId);
    },
  };
  const handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), executor);
  app.use("/.well-known/agent-card.json", agentCardHandler({ agentCardProvider: handler }));
  if (rest) app.use("/rest", restHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
  else app.use("/a2a", jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
} else {
  const { DefaultRequestHandler, InMemoryTaskStore } = await import("a2a-sdk-v03/server");
  const { jsonRpcHandler, restHandler, agentCardHandler, UserBuilder } = await import("a2a-sdk-v03/server/express");
  const agentMessage = (taskId, contextId, text) => ({ kind: "message", messageId: randomUUID(), contextId, taskId, role: "agent", parts: [{ kind: "text", text }] });
  const status = (taskId, contextId, state, text) => ({ state, message: text ? agentMessage(taskId, contextId, text) : undefined, timestamp: new Date().toISOString() });
  const card = {
    name, description: `Test peer ${name} (${behaviour})`, version: "1.0.0", protocolVersion: "0.3.0",
    url: rest ? `${base}/rest` : `${base}/a2a`, preferredTransport: rest ? "HTTP+JSON" : "JSONRPC",
    capabilities: { streaming: true, pushNotifications: false },
    defaultInputModes: ["text/plain"], defaultOutputModes: ["text/plain"],
    skills: skills.map((id) => ({ id, name: id, description: `${name} can ${id}`, tags: [id] })),
  };
  const executor = {
    async execute(context, bus) {
      const { taskId, contextId } = context;
      const text = context.userMessage.parts.find((p) => p.kind === "text")?.text ?? "";
      // A follow-up message continues the task it names; only a new task is published whole.
      if (!context.task) bus.publish({ kind: "task", id: taskId, contextId, status: status(taskId, contextId, "submitted"), history: [context.userMessage] });
      await run(text, taskId, {
        status: async (state, value) => bus.publish({ kind: "status-update", taskId, contextId, status: status(taskId, contextId, state, value), final: ["completed", "failed", "canceled", "input-required"].includes(state) }),
        artifact: async (value) => bus.publish({ kind: "artifact-update", taskId, contextId, artifact: { artifactId: randomUUID(), name: "answer", parts: [{ kind: "text", text: value }] } }),
      });
      bus.finished();
    },
    async cancelTask(taskId) {
      canceled.add(taskId);
    },
  };
  const handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), executor);
  app.use("/.well-known/agent-card.json", agentCardHandler({ agentCardProvider: handler }));
  if (rest) app.use("/rest", restHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
  else app.use("/a2a", jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
}

console.log(JSON.stringify({ url: base }));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
