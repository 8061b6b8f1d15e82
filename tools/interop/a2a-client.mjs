// Drives mcp-memory's A2A server with the reference JavaScript SDK's client and prints what it saw as one JSON object.
// Usage: node a2a-client.mjs BASE_URL v1|rest|grpc|v03
//   v1:  @a2a-js/sdk 1.3.0 (A2A v1.0): discovers the card, then send, stream, get, list, subscribe and cancel over JSON-RPC,
//        and a task that asks for input (input-required) answered with a second message into it.
//   rest: the same with 1.3.0's HTTP+JSON (REST) transport.
//   grpc: the same with 1.3.0's gRPC transport (@grpc/grpc-js), on the gRPC interface the card lists.
//   v03: @a2a-js/sdk 0.3.14 through the npm alias a2a-sdk-v03 (A2A v0.3): the same without list, which v0.3 lacks.
// Every mode ends with a multi-turn task: a remember with nothing to store asks for input, and the reply completes it.
// The test that runs it (tests/McpMemory.Tests/A2A/A2AJsSdkInteropTests.cs) checks the values.
import { randomUUID } from "node:crypto";

const [baseUrl, family] = process.argv.slice(2);
if (!baseUrl || !["v1", "rest", "grpc", "v03"].includes(family)) {
  console.error("usage: node a2a-client.mjs BASE_URL v1|rest|grpc|v03");
  process.exit(2);
}

const texts = Array.from({ length: 20000 }, (_, i) => `bulk note ${i} about the harbour`);
const out = { family };

function errorOf(e) {
  return { name: e?.constructor?.name ?? String(e), code: e?.envelopeCode ?? e?.code ?? null, message: e?.message ?? String(e) };
}

async function v1Factory(ClientFactory, ClientFactoryOptions) {
  if (family === "grpc") {
    const { GrpcTransportFactory } = await import("@a2a-js/sdk/client/grpc");
    return new ClientFactory(ClientFactoryOptions.createFrom(ClientFactoryOptions.default, { transports: [new GrpcTransportFactory()], preferredTransports: ["GRPC"] }));
  }

  const preferredTransports = family === "rest" ? ["HTTP+JSON"] : ["JSONRPC"];
  return new ClientFactory(ClientFactoryOptions.createFrom(ClientFactoryOptions.default, { preferredTransports }));
}

if (family !== "v03") {
  const { ClientFactory, ClientFactoryOptions } = await import("@a2a-js/sdk/client");
  const { Role, TaskState } = await import("@a2a-js/sdk");
  const state = (task) => TaskState[task?.status?.state];
  // ts-proto types want every repeated and string field set (the gRPC encoder iterates them); JSON ignores empty ones.
  const message = (part) => ({ messageId: randomUUID(), role: Role.ROLE_USER, parts: [part], contextId: "", taskId: "", extensions: [], referenceTaskIds: [] });
  const text = (value) => ({ content: { $case: "text", value } });
  const data = (value) => ({ content: { $case: "data", value } });

  const client = await (await v1Factory(ClientFactory, ClientFactoryOptions)).createFromUrl(baseUrl);
  out.protocolVersion = client.protocolVersion;
  out.transport = client.transport.protocolName;
  const card = await client.getAgentCard();
  out.card = { name: card.name, skills: card.skills.map((s) => s.id), streaming: card.capabilities?.streaming, interfaces: card.supportedInterfaces.map((i) => `${i.protocolBinding} ${i.protocolVersion}`) };

  const remembered = await client.sendMessage({ message: message(data({ skill: "remember", episodes: [{ text: "The Scilly ferry leaves Penzance at 09:15", speaker: "carol" }] })) });
  out.remember = { state: state(remembered) };

  const recalled = await client.sendMessage({ message: message(text("When does the ferry leave Penzance?")) });
  const parts = recalled.artifacts[0].parts;
  out.recall = { state: state(recalled), text: parts[0].content.value, firstHit: parts[1].content.value.hits[0]?.text, history: recalled.history.map((m) => Role[m.role]) };

  const streamed = [];
  let streamState;
  for await (const event of client.sendMessageStream({ message: message(text("ferry")) })) {
    streamed.push(event.payload.$case);
    if (event.payload.$case === "statusUpdate") streamState = TaskState[event.payload.value.status.state];
  }
  out.stream = { events: streamed, finalState: streamState };

  const got = await client.getTask({ id: recalled.id, historyLength: 1 });
  out.get = { id: got.id === recalled.id, state: state(got), artifacts: got.artifacts.length, history: got.history.length };

  // ts-proto request types want every field: an unset 'status' would be sent as "UNRECOGNIZED".
  const listed = await client.listTasks({ tenant: "", contextId: "", status: TaskState.TASK_STATE_UNSPECIFIED, pageSize: 2, pageToken: "" });
  out.list = { tasks: listed.tasks.length, totalSize: listed.totalSize, nextPageToken: listed.nextPageToken !== "" };

  const ingest = await client.sendMessage({ message: message(data({ skill: "ingest", batchSize: 10, texts })), configuration: { returnImmediately: true } });
  out.ingest = { startState: state(ingest) };
  const subscribed = [];
  for await (const event of client.resubscribeTask({ id: ingest.id })) {
    subscribed.push(event.payload.$case);
    if (event.payload.$case === "statusUpdate" && event.payload.value.status.message) break;
  }
  out.subscribe = { events: subscribed };
  const canceled = await client.cancelTask({ id: ingest.id });
  out.cancel = { state: state(canceled), text: canceled.status.message?.parts[0]?.content?.value };
  try {
    await client.cancelTask({ id: ingest.id });
    out.cancelAgain = null;
  } catch (e) {
    out.cancelAgain = errorOf(e);
  }

  const asked = await client.sendMessage({ message: message(data({ skill: "remember", namespace: "crew" })) });
  const answered = await client.sendMessage({ message: { ...message(text("The harbour master is Morwenna")), taskId: asked.id, contextId: asked.contextId } });
  out.multiTurn = { askedState: state(asked), question: asked.status.message?.parts[0]?.content?.value, sameTask: answered.id === asked.id, answeredState: state(answered), namespace: answered.artifacts[0]?.parts[1]?.content?.value?.namespace };
} else {
  const { ClientFactory } = await import("a2a-sdk-v03/client");
  const message = (part, extra = {}) => ({ kind: "message", messageId: randomUUID(), role: "user", parts: [part], ...extra });
  const text = (value) => ({ kind: "text", text: value });
  const data = (value) => ({ kind: "data", data: value });

  const client = await new ClientFactory().createFromUrl(baseUrl);
  const card = client.agentCard;
  out.card = { name: card.name, skills: card.skills.map((s) => s.id), protocolVersion: card.protocolVersion, url: card.url };

  const remembered = await client.sendMessage({ message: message(data({ skill: "remember", episodes: [{ text: "The Scilly ferry leaves Penzance at 09:15", speaker: "carol" }] })) });
  out.remember = { kind: remembered.kind, state: remembered.status.state };

  const recalled = await client.sendMessage({ message: message(text("When does the ferry leave Penzance?")) });
  const parts = recalled.artifacts[0].parts;
  out.recall = { kind: recalled.kind, state: recalled.status.state, text: parts[0].text, firstHit: parts[1].data.hits[0]?.text, history: recalled.history.map((m) => m.role) };

  const streamed = [];
  let streamState;
  for await (const event of client.sendMessageStream({ message: message(text("ferry")) })) {
    streamed.push(event.kind);
    if (event.kind === "status-update") streamState = event.status.state;
  }
  out.stream = { events: streamed, finalState: streamState };

  const got = await client.getTask({ id: recalled.id, historyLength: 1 });
  out.get = { id: got.id === recalled.id, state: got.status.state, artifacts: got.artifacts.length, history: got.history.length };

  const ingest = await client.sendMessage({ message: message(data({ skill: "ingest", batchSize: 10, texts })), configuration: { blocking: false } });
  out.ingest = { startState: ingest.status.state };
  const subscribed = [];
  for await (const event of client.resubscribeTask({ id: ingest.id })) {
    subscribed.push(event.kind);
    if (event.kind === "status-update" && event.status.message) break;
  }
  out.subscribe = { events: subscribed };
  const canceled = await client.cancelTask({ id: ingest.id });
  out.cancel = { state: canceled.status.state, text: canceled.status.message?.parts[0]?.text };
  try {
    await client.cancelTask({ id: ingest.id });
    out.cancelAgain = null;
  } catch (e) {
    out.cancelAgain = errorOf(e);
  }

  const asked = await client.sendMessage({ message: message(data({ skill: "remember", namespace: "crew" })) });
  const answered = await client.sendMessage({ message: message(text("The harbour master is Morwenna"), { taskId: asked.id, contextId: asked.contextId }) });
  out.multiTurn = { askedState: asked.status.state, question: asked.status.message?.parts[0]?.text, sameTask: answered.id === asked.id, answeredState: answered.status.state, namespace: answered.artifacts[0]?.parts[1]?.data?.namespace };
}

try {
  const { ClientFactory, ClientFactoryOptions } = await import(family === "v03" ? "a2a-sdk-v03/client" : "@a2a-js/sdk/client");
  const client = family === "v03" ? await new ClientFactory().createFromUrl(baseUrl) : await (await v1Factory(ClientFactory, ClientFactoryOptions)).createFromUrl(baseUrl);
  await client.getTask({ id: "0123456789abcdef" });
  out.notFound = null;
} catch (e) {
  out.notFound = errorOf(e);
}

console.log(JSON.stringify(out));
