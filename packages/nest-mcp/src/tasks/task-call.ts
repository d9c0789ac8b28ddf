import type { CallToolRequest } from '@modelcontextprotocol/server';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CallSite } from '../protocol/call-site.js';
import { requestOf } from '../protocol/call-site.js';
import type { ToolEntry } from '../registry/registry.types.js';
import { droppedSignalOf } from '../transport/client-dropped.js';
import { TaskBinding } from './task-binding.js';
import { taskOwnerOf } from './task-owner.js';
import type { TaskRuntime } from './task-runtime.js';
import { createdTask, legacyCreatedTask, legacyTask, markedCreated } from './task-wire.js';
import { asksForTask, taskForbidden, taskRequired } from './tasks-extension.js';

/**
 * Whether this call of `tool` may become a task: the binding its context
 * goes through if so, undefined for a plain call. Refuses a call that must be
 * a task from a client that cannot take one, and (2025-11-25) a task asked of
 * a tool that is not one.
 */
export function taskBindingFor(tool: ToolEntry, request: CallToolRequest, site: CallSite): TaskBinding | undefined {
  const asked = asksForTask(site.era, request, site.server.getClientCapabilities());
  const support = tool.task?.support;
  if (!support) {
    if (asked && site.era === 'legacy') throw taskForbidden(tool.definition.name);
    return undefined;
  }
  if (!asked) {
    if (support === 'required') throw taskRequired(site.era, tool.definition.name);
    return undefined;
  }
  const req = requestOf(site);
  return new TaskBinding([site.sdk.mcpReq.signal, ...(req ? [droppedSignalOf(req)] : [])], site.shutdown);
}

/**
 * Runs a call that may become a task. A 2025-11-25 client asked for a task,
 * so it gets one at once; on 2026-07-28 the server decides: the call becomes
 * a task once it has run the tool's `taskAfterMs` (0: from the start), and a
 * call that answers sooner (or asks for input first) answers as usual.
 */
export async function runAsTaskCall(
  runtime: TaskRuntime,
  tool: ToolEntry,
  request: CallToolRequest,
  site: CallSite,
  binding: TaskBinding,
  invoke: () => Promise<unknown>,
): Promise<unknown> {
  const afterMs = site.era === 'legacy' ? 0 : (tool.task?.afterMs ?? 0);
  let outcome: () => Promise<unknown> = invoke;
  if (afterMs > 0) {
    const running = invoke();
    const early = await Promise.race([
      running.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
      sleep(afterMs, undefined, { ref: false }),
    ]);
    if (early && 'error' in early) throw early.error;
    if (early) return early.value;
    outcome = () => running;
  }
  binding.becomeTask();
  const record = await runtime.start({
    owner: taskOwnerOf(site),
    tool: tool.definition.name,
    requestedTtlMs: (request.params as { task?: { ttl?: number } }).task?.ttl,
    binding,
    outcome,
    // 2025-11-25: status changes go to the session too (its GET stream), as notifications/tasks/status.
    onChange:
      site.era === 'legacy'
        ? (changed) =>
            void site.server
              .notification({ method: 'notifications/tasks/status', params: legacyTask(changed) } as never)
              .catch(() => undefined)
        : undefined,
  });
  const created = site.era === 'legacy' ? legacyCreatedTask(record) : createdTask(record);
  return markedCreated(created);
}
