// A small A2A agent built with the reference JavaScript SDK, for tests that drive peers with mcp-memory's A2A client.
// Usage: node a2a-peer.mjs v1|v03 NAME SKILLS BEHAVIOUR [STEPS]
//   v1:  @a2a-js/sdk 1.3.0 (A2A v1.0, JSON-RPC); v03: @a2a-js/sdk 0.3.14 through the npm alias a2a-sdk-v03 (A2A v0.3).
//   SKILLS: comma-separated skill ids for the card. BEHAVIOUR: how the agent answers a message (its first text part):
//     answer: working, then an artifact "NAME did: TEXT", then completed;
//     slow:   the same after STEPS steps of 100 ms (default 40: 4 s), reporting every 10th; it can be canceled in between;
//     fail:   working, then failed with the message "NAME cannot do: TEXT".
//   A text that starts with "slow:" is handled as slow whatever the BEHAVIOUR.
// Listens on a free loopback port and prints {"url": BASE_URL} as its first line on stdout.
import { randomUUID } from "node:crypto";
import express from "express";

const [family, name, skillList, behaviour, stepArg] = process.argv.slice(2);
const steps = Number(stepArg ?? 40);
if (!["v1", "v03"].includes(family) || !name || !skillList || !["answer", "slow", "fail"].includes(behaviour) || !(steps >= 1)) {
  console.error("usage: node a2a-peer.mjs v1|v03 NAME SKILLS answer|slow|fail [STEPS]");
  process.exit(2);
}

const skills = skillList.split(",").filter((s) => s.length > 0);
const canceled = new Set();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const app = express();
const server = app.listen(0, "127.0.0.1");
await new Promise((resolve) => server.once("listening", resolve));
const base = `http://127.0.0.1:${server.address().port}`;

// The steps every behaviour goes through; 'emit' publishes in the family's shapes.
async function run(text, taskId, emit) {
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

if (family === "v1") {
  const { AgentEvent, DefaultRequestHandler, InMemoryTaskStore } = await import("@a2a-js/sdk/server");
  const { jsonRpcHandler, agentCardHandler, UserBuilder } = await import("@a2a-js/sdk/server/express");
  const { Role, TaskState } = await import("@a2a-js/sdk");
  const states = { working: TaskState.TASK_STATE_WORKING, completed: TaskState.TASK_STATE_COMPLETED, failed: TaskState.TASK_STATE_FAILED, canceled: TaskState.TASK_STATE_CANCELED, submitted: TaskState.TASK_STATE_SUBMITTED };
  const part = (value) => ({ content: { $case: "text", value }, metadata: {}, filename: "", mediaType: "text/plain" });
  const agentMessage = (taskId, contextId, value) => ({ messageId: randomUUID(), contextId, taskId, role: Role.ROLE_AGENT, parts: [part(value)], metadata: {}, extensions: [], referenceTaskIds: [] });
  const status = (taskId, contextId, state, value) => ({ state: states[state], message: value ? agentMessage(taskId, contextId, value) : undefined, timestamp: new Date().toISOString() });
  const card = {
    name, description: `Test peer ${name} (${behaviour})`, version: "1.0.0",
    supportedInterfaces: [{ url: `${base}/a2a`, protocolBinding: "JSONRPC", tenant: "", protocolVersion: "1.0" }],
    provider: undefined, capabilities: { streaming: true, pushNotifications: false, extensions: [] },
    securitySchemes: {}, securityRequirements: [], defaultInputModes: ["text/plain"], defaultOutputModes: ["text/plain"],
    skills: skills.map((id) => ({ id, name: id, description: `${name} can ${id}`, tags: [id], examples: [], inputModes: [], outputModes: [], securityRequirements: [] })),
    signatures: [],
  };
  const executor = {
    async execute(context, bus) {
      const { taskId, contextId } = context;
      const text = context.userMessage.parts.find((p) => p.content?.$case === "text")?.content.value ?? "";
      bus.publish(AgentEvent.task({ id: taskId, contextId, status: status(taskId, contextId, "submitted"), artifacts: [], history: [context.userMessage], metadata: {} }));
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
  app.use("/a2a", jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
} else {
  const { DefaultRequestHandler, InMemoryTaskStore } = await import("a2a-sdk-v03/server");
  const { jsonRpcHandler, agentCardHandler, UserBuilder } = await import("a2a-sdk-v03/server/express");
  const agentMessage = (taskId, contextId, text) => ({ kind: "message", messageId: randomUUID(), contextId, taskId, role: "agent", parts: [{ kind: "text", text }] });
  const status = (taskId, contextId, state, text) => ({ state, message: text ? agentMessage(taskId, contextId, text) : undefined, timestamp: new Date().toISOString() });
  const card = {
    name, description: `Test peer ${name} (${behaviour})`, version: "1.0.0", protocolVersion: "0.3.0",
    url: `${base}/a2a`, preferredTransport: "JSONRPC",
    capabilities: { streaming: true, pushNotifications: false },
    defaultInputModes: ["text/plain"], defaultOutputModes: ["text/plain"],
    skills: skills.map((id) => ({ id, name: id, description: `${name} can ${id}`, tags: [id] })),
  };
  const executor = {
    async execute(context, bus) {
      const { taskId, contextId } = context;
      const text = context.userMessage.parts.find((p) => p.kind === "text")?.text ?? "";
      bus.publish({ kind: "task", id: taskId, contextId, status: status(taskId, contextId, "submitted"), history: [context.userMessage] });
      await run(text, taskId, {
        status: async (state, value) => bus.publish({ kind: "status-update", taskId, contextId, status: status(taskId, contextId, state, value), final: ["completed", "failed", "canceled"].includes(state) }),
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
  app.use("/a2a", jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
}

console.log(JSON.stringify({ url: base }));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
