// MCP-Nest (@rekog/mcp-nest 2.0.5), the NestJS incumbent, serving the benchmark
// tools: test_simple_text as an `@McpController` `@Tool` method (the README's
// quick start: it runs through the Nest microservice pipeline), plus
// BENCH_TOOLS generated tools added with the documented runtime API,
// `strategy.registerTool()`. One `StreamableHttpTransport` in its default
// `dual` posture with `statefulMode: true`: 2026-07-28 requests go to the
// SDK's per-request entry, 2025-era ones to sessions.
//   PORT (3000), HOST (127.0.0.1), BENCH_TOOLS (0)
// Plain CommonJS with decorators applied by hand (what tsc emits), so it runs
// without a build step against this folder's own node_modules.
'use strict';
require('reflect-metadata');
const { Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { Ctx, Payload } = require('@nestjs/microservices');
const { McpController, McpStrategy, StreamableHttpTransport, Tool } = require('@rekog/mcp-nest');
const { z } = require('zod');

async function main() {
  const { SIMPLE_TOOL, benchToolCount, generatedTools } = await import('../shared/tools.mjs');
  const PORT = Number(process.env.PORT ?? 3000);
  const HOST = process.env.HOST ?? '127.0.0.1';

  // @McpController() class SimpleTextController {
  //   @Tool({ name, description }) simpleText(@Payload() args, @Ctx() ctx) { ... } }
  class SimpleTextController {
    simpleText(_args, _ctx) {
      return { content: [{ type: 'text', text: SIMPLE_TOOL.text }] };
    }
  }
  Reflect.decorate(
    [
      Tool({ name: SIMPLE_TOOL.name, description: SIMPLE_TOOL.description }),
      (target, key) => Payload()(target, key, 0),
      (target, key) => Ctx()(target, key, 1),
      Reflect.metadata('design:paramtypes', [Object, Object]),
    ],
    SimpleTextController.prototype,
    'simpleText',
    Object.getOwnPropertyDescriptor(SimpleTextController.prototype, 'simpleText'),
  );
  const Controller = Reflect.decorate([McpController()], SimpleTextController);

  const mcp = new McpStrategy({
    name: 'mcp-nest-bench',
    version: '0.1.0',
    transports: [new StreamableHttpTransport({ statefulMode: true })],
  });

  class AppModule {}
  const App = Reflect.decorate([Module({ controllers: [Controller] })], AppModule);

  const app = await NestFactory.create(App, { logger: ['error', 'warn'] });
  mcp.setHttpAdapter(app.getHttpAdapter());
  app.connectMicroservice({ strategy: mcp });
  for (const tool of generatedTools(z, benchToolCount())) {
    mcp.registerTool({
      name: tool.name,
      description: tool.description,
      parameters: tool.input,
      annotations: tool.annotations,
      handler: async () => ({ content: [{ type: 'text', text: tool.text }] }),
    });
  }
  await app.startAllMicroservices();
  await app.listen(PORT, HOST);
  console.log(`mcp-nest listening on http://${HOST}:${app.getHttpServer().address().port}/mcp`);
  const shutdown = async () => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error) => {
  console.error(`boot failed: ${error.stack ?? error}`);
  process.exit(1);
});
