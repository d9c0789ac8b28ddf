import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { McpRegistry, Tool, type JsonSchemaObject } from '../../src/index.js';

/**
 * A raw JSON Schema 2020-12 input schema with the keywords SEP-1613 and
 * SEP-2106 require servers to pass through untouched: `$schema`, `$defs`
 * (with an `$anchor`), `$ref`, composition, conditionals and
 * `additionalProperties`.
 */
const CONTACT_SCHEMA: JsonSchemaObject = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  $defs: {
    address: {
      $anchor: 'addressDef',
      type: 'object',
      properties: { street: { type: 'string' }, city: { type: 'string' } },
    },
  },
  properties: {
    name: { type: 'string' },
    address: { $ref: '#/$defs/address' },
    contactMethod: { type: 'string', enum: ['phone', 'email'] },
    phone: { type: 'string' },
    email: { type: 'string' },
  },
  allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
  if: {
    properties: { contactMethod: { const: 'phone' } },
    required: ['contactMethod'],
  },
  // A JSON Schema keyword, not a promise: this object is never awaited.
  // oxlint-disable-next-line unicorn/no-thenable
  then: { required: ['phone'] },
  else: { required: ['email'] },
  additionalProperties: false,
};

export const DYNAMIC_TOOL = 'test_dynamic_tool';
export const DYNAMIC_PROMPT = 'test_dynamic_prompt';

/**
 * The schema-preservation tool, and the diagnostic hooks that change the
 * tool and prompt lists at runtime through the injectable `McpRegistry`.
 */
@Injectable()
export class CatalogTools implements OnApplicationBootstrap {
  constructor(private readonly registry: McpRegistry) {}

  /** Registered last, so that replacing it never reorders `tools/list`. */
  onApplicationBootstrap(): void {
    this.addDynamicTool();
    this.addDynamicPrompt();
  }

  @Tool({
    name: 'json_schema_2020_12_tool',
    description: 'Takes contact details under a JSON Schema 2020-12 input schema (SEP-1613, SEP-2106)',
    input: CONTACT_SCHEMA,
  })
  contact(args: Record<string, unknown>): string {
    return `JSON Schema 2020-12 tool called with: ${JSON.stringify(args)}`;
  }

  /** SEP-2243: `region` is mirrored into the `Mcp-Param-Region` HTTP header, which the server checks against the body. */
  @Tool({
    name: 'test_custom_headers',
    description: 'Echoes a region that clients also send as a header',
    input: {
      type: 'object',
      properties: {
        region: {
          type: 'string',
          description: 'A region name',
          'x-mcp-header': 'Region',
        },
      },
      required: ['region'],
    },
  })
  customHeaders({ region }: { region: string }): string {
    return `region: ${region}`;
  }

  @Tool({
    name: 'test_trigger_tool_change',
    description: `Replaces the ${DYNAMIC_TOOL} tool, so clients hear tools/list_changed`,
  })
  triggerToolChange(): string {
    this.registry.removeTool(DYNAMIC_TOOL);
    this.addDynamicTool();
    return `replaced ${DYNAMIC_TOOL}`;
  }

  @Tool({
    name: 'test_trigger_prompt_change',
    description: `Replaces the ${DYNAMIC_PROMPT} prompt, so clients hear prompts/list_changed`,
  })
  triggerPromptChange(): string {
    this.registry.removePrompt(DYNAMIC_PROMPT);
    this.addDynamicPrompt();
    return `replaced ${DYNAMIC_PROMPT}`;
  }

  private addDynamicTool(): void {
    this.registry.addTool({
      name: DYNAMIC_TOOL,
      description: 'Registered at runtime; replaced by test_trigger_tool_change',
      handler: () => 'dynamic tool result',
    });
  }

  private addDynamicPrompt(): void {
    this.registry.addPrompt({
      name: DYNAMIC_PROMPT,
      description: 'Registered at runtime; replaced by test_trigger_prompt_change',
      handler: () => 'A prompt registered at runtime.',
    });
  }
}
