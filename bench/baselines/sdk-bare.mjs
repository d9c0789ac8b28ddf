// The bare official MCP TypeScript SDK v2 on node:http, serving the same tools
// as the benchmark app (test_simple_text + BENCH_TOOLS generated ones):
//  - 2026-07-28: `createMcpHandler(factory, { legacy: 'reject' })` wrapped with
//    `toNodeHandler`, the factory building an `McpServer` and registering every
//    tool per request (the SDK's recommended wiring);
//  - 2025 era: routed with `isLegacyRequest` (the SDK's documented hand-wired
//    composition) to a sessionful `NodeStreamableHTTPServerTransport`, one
//    `McpServer` per session.
// The body is read and parsed once (as `express.json()` would) and handed to
// both legs. No auth, no throttling, no logging: the floor we measure against.
//   PORT (3000), HOST (127.0.0.1), MCP_PATH (/mcp), BENCH_TOOLS (0)
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { NodeStreamableHTTPServerTransport, toNodeHandler, toWebRequest } from '@modelcontextprotocol/node';
import { createMcpHandler, isInitializeRequest, isLegacyRequest, McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { benchToolCount, generatedTools, SIMPLE_TOOL } from '../shared/tools.mjs';

const PORT = Number(process.env.PORT ?? 3000);
const HOST = process.env.HOST ?? '127.0.0.1';
const PATH = process.env.MCP_PATH ?? '/mcp';
const TOOLS = generatedTools(z, benchToolCount());

/** A fresh McpServer with every tool registered. */
function buildServer() {
  const server = new McpServer({ name: 'sdk-bare-bench', version: '0.1.0' });
  server.registerTool(SIMPLE_TOOL.name, { description: SIMPLE_TOOL.description }, async () => ({
    content: [{ type: 'text', text: SIMPLE_TOOL.text }],
  }));
  for (const tool of TOOLS) {
    server.registerTool(
      tool.name,
      { description: tool.description, inputSchema: tool.input, annotations: tool.annotations },
      async () => ({ content: [{ type: 'text', text: tool.text }] }),
    );
  }
  return server;
}

const onerror = (error) => console.error(`mcp: ${error.name}: ${error.message}`);
const modern = createMcpHandler(buildServer, { legacy: 'reject', onerror });
const serveModern = toNodeHandler(modern, { onerror });

/** 2025-era sessions: one transport and one McpServer each. */
const sessions = new Map();

async function serveLegacy(req, res, body) {
  const sessionId = req.headers['mcp-session-id'];
  if (sessionId === undefined) {
    if (req.method !== 'POST' || !isInitializeRequest(body))
      return jsonRpcError(res, 400, -32000, 'Bad Request: no session');
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id) => sessions.set(id, transport),
      onsessionclosed: (id) => sessions.delete(id),
    });
    await buildServer().connect(transport);
    return transport.handleRequest(req, res, body);
  }
  const transport = sessions.get(sessionId);
  if (!transport) return jsonRpcError(res, 404, -32001, 'Session not found');
  return transport.handleRequest(req, res, body);
}

function jsonRpcError(res, status, code, message) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } }));
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    if (req.method !== 'POST') return resolve(undefined);
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : undefined);
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}

const server = http.createServer(async (req, res) => {
  if (new URL(req.url, 'http://x').pathname !== PATH) return jsonRpcError(res, 404, -32000, 'Not found');
  try {
    const body = await readJson(req);
    const legacy = await isLegacyRequest(await toWebRequest(req, body), body);
    await (legacy ? serveLegacy(req, res, body) : serveModern(req, res, body));
  } catch (error) {
    if (!res.headersSent) jsonRpcError(res, 400, -32700, `Parse error: ${error.message}`);
  }
});

server.listen(PORT, HOST, () => {
  console.log(`sdk-bare listening on http://${HOST}:${server.address().port}${PATH} (${TOOLS.length + 1} tools)`);
});
const shutdown = () => {
  server.close();
  void modern.close();
  for (const transport of sessions.values()) void transport.close();
  process.exit(0);
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
