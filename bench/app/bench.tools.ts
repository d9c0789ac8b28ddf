import { Injectable, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { McpRegistry, Tool } from 'nest-mcp';
import { benchToolCount, generatedTools, SIMPLE_TOOL } from '../shared/tools.mjs';

/** The tool every scenario calls, declared like any tool of the app. */
@Injectable()
export class SimpleTextTool {
  @Tool({ name: SIMPLE_TOOL.name, description: SIMPLE_TOOL.description })
  simpleText(): string {
    return SIMPLE_TOOL.text;
  }
}

/** `BENCH_TOOLS` generated tools, added at boot through the public `McpRegistry.addTool`. */
@Injectable()
export class GeneratedTools implements OnModuleInit {
  constructor(private readonly registry: McpRegistry) {}

  onModuleInit(): void {
    for (const tool of generatedTools(z, benchToolCount())) {
      this.registry.addTool({
        name: tool.name,
        description: tool.description,
        annotations: tool.annotations,
        input: tool.input,
        handler: () => tool.text,
      });
    }
  }
}
