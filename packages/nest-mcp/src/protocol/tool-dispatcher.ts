import { Logger } from '@nestjs/common';
import {
  ProtocolError,
  type CallToolRequest,
  type CallToolResult,
  type InputRequiredResult,
  type ListToolsRequest,
  type ListToolsResult,
} from '@modelcontextprotocol/server';
import type { McpRegistry } from '../registry/mcp.registry.js';
import type { ToolEntry } from '../registry/registry.types.js';
import { listResult } from './list-result.js';
import { createContext, grantedScopes, type CallSite } from './call-site.js';
import { clip } from '../errors/clip.js';
import { asProtocolError, clientErrorOf, refusesCall } from '../errors/client-error.js';
import { JsonRpcCode } from '../errors/json-rpc-codes.js';
import { describe } from './handler-failure.js';
import { InputRequiredSignal } from './input-required.signal.js';
import type { InputRound, InputRounds } from './input-rounds.js';
import { textResult, toCallToolResult } from './tool-result.js';
import type { McpContext } from './mcp-context.js';
import type { TaskRuntime } from '../tasks/task-runtime.js';
import { runAsTaskCall, taskBindingFor } from '../tasks/task-call.js';

/** Answers `tools/list` and `tools/call` from the registry: O(1) in the number of tools. */
export class ToolDispatcher {
  private readonly logger = new Logger('McpTools');

  constructor(
    private readonly registry: McpRegistry,
    private readonly rounds: InputRounds,
    private readonly tasks: TaskRuntime,
  ) {}

  list(request: ListToolsRequest, site: Pick<CallSite, 'sdk'>): ListToolsResult {
    return listResult('tools', this.registry.listTools(request.params?.cursor, grantedScopes(site)));
  }

  async call(request: CallToolRequest, site: CallSite): Promise<CallToolResult | InputRequiredResult> {
    const { name, arguments: rawArgs } = request.params;
    const tool = this.registry.getTool(name);
    if (!tool) throw new ProtocolError(JsonRpcCode.InvalidParams, `Unknown tool: ${clip(name)}`);
    const binding = taskBindingFor(tool, request, site);
    try {
      const validation = await tool.input.validate(rawArgs ?? {});
      if (!validation.ok) return textResult(`Invalid arguments for tool ${name}: ${validation.message}`, true);
      const round = await this.rounds.open(site.sdk, site.era, { target: name, arguments: rawArgs });
      const invoke = () => this.invoke(tool, validation.value, createContext(site, round, binding), site, round);
      if (!binding) return await invoke();
      // A task's creation, as the SDK's server passes it through (`TaskAwareServer`).
      return (await runAsTaskCall(this.tasks, tool, request, site, binding, invoke)) as CallToolResult;
    } finally {
      // A call that became a task keeps its binding until the task ends (the runtime releases it then).
      if (binding && !binding.isTask) binding.release();
    }
  }

  private async invoke(
    tool: ToolEntry,
    args: Record<string, unknown>,
    ctx: McpContext,
    site: CallSite,
    round: InputRound,
  ): Promise<CallToolResult | InputRequiredResult> {
    try {
      const value = await tool.handler(args, ctx);
      return site.server.projectCallToolResult(await this.checkOutput(tool, value), tool.definition.outputSchema);
    } catch (error) {
      return this.fail(tool.definition.name, error, round);
    }
  }

  private async checkOutput(tool: ToolEntry, value: unknown): Promise<CallToolResult> {
    const result = toCallToolResult(value, tool.output !== undefined);
    if (!tool.output || result.isError) return result;
    if (result.structuredContent === undefined) {
      return textResult(`Tool ${tool.definition.name} returned no structured content for its output schema`, true);
    }
    const outcome = await tool.output.validate(result.structuredContent);
    if (outcome.ok) return result;
    this.logger.warn(`${tool.source} returned output that fails its schema: ${outcome.message}`);
    return textResult(`Tool ${tool.definition.name} returned invalid structured content`, true);
  }

  private async fail(name: string, error: unknown, round: InputRound): Promise<CallToolResult | InputRequiredResult> {
    if (error instanceof InputRequiredSignal) return round.ask(error);
    // Cancellation (by the client, or by a shutdown) is how the call was meant to end, not a failure.
    if (error instanceof Error && error.name === 'AbortError') return textResult(`Tool ${name} was cancelled`, true);
    const seen = clientErrorOf(error, `Tool ${name}`);
    // A guard's, a limit's or the store's refusal refuses the call itself; any other failure is the tool's result.
    if (seen.kind === 'protocol' || refusesCall(seen)) throw asProtocolError(seen, error);
    if (seen.unexpected) this.logger.error(`tool ${name} failed: ${describe(error)}`);
    return textResult(seen.message, true);
  }
}
