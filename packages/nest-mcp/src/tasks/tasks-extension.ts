import {
  MissingRequiredClientCapabilityError,
  ProtocolError,
  type CallToolRequest,
  type ClientCapabilities,
} from '@modelcontextprotocol/server';
import { JsonRpcCode } from '../errors/json-rpc-codes.js';
import type { McpEra } from '../protocol/mcp-context.js';

/** The 2026-07-28 tasks extension's identifier (SEP-2663). */
export const TASKS_EXTENSION_ID = 'io.modelcontextprotocol/tasks';

/** What a tool declares: it may run as a task, or only as one (the tool's `execution.taskSupport`). */
export type TaskSupport = 'optional' | 'required';

/** The 2025-11-25 server capability: tasks for `tools/call`, with `tasks/list` and `tasks/cancel`. */
export const LEGACY_TASKS_CAPABILITY = { list: {}, cancel: {}, requests: { tools: { call: {} } } };

/** The 2026-07-28 server capability: the extension, with no settings. */
export const TASKS_EXTENSION_CAPABILITY = { [TASKS_EXTENSION_ID]: {} };

/**
 * Whether a call may become a task: on 2026-07-28 the request's own client
 * capabilities name the extension (the per-request opt-in; the server then
 * decides); on 2025-11-25 the client asked for one with the `task` parameter.
 */
export function asksForTask(
  era: McpEra,
  request: CallToolRequest,
  capabilities: ClientCapabilities | undefined,
): boolean {
  if (era === 'legacy') return typeof (request.params as { task?: unknown }).task === 'object';
  return negotiatesTasks(capabilities);
}

/** Whether a 2026-07-28 request's client capabilities declare the tasks extension. */
export function negotiatesTasks(capabilities: ClientCapabilities | undefined): boolean {
  const extensions = (capabilities as { extensions?: Record<string, unknown> } | undefined)?.extensions;
  return typeof extensions?.[TASKS_EXTENSION_ID] === 'object';
}

/** The refusal of a call that must be a task, from a client that cannot take one (each era's own). */
export function taskRequired(era: McpEra, tool: string): ProtocolError {
  if (era === 'legacy') {
    return new ProtocolError(JsonRpcCode.MethodNotFound, `Tool ${tool} must be called as a task`);
  }
  return missingTasksCapability(`Tool ${tool} runs only as a task`);
}

/** Missing Required Client Capability naming the extension: for a 2026-07-28 client that did not declare it. */
export const missingTasksCapability = (message: string): ProtocolError =>
  new MissingRequiredClientCapabilityError(
    { requiredCapabilities: { extensions: TASKS_EXTENSION_CAPABILITY } } as never,
    message,
  );

/** A 2025-era call asking for a task of a tool that does not run as one. */
export const taskForbidden = (tool: string): ProtocolError =>
  new ProtocolError(JsonRpcCode.MethodNotFound, `Tool ${tool} does not run as a task`);
