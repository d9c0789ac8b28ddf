// The groups that measure requests per second: one tool, 100 tools, 1,000 tools.
import { SIMPLE_TOOL } from '../shared/tools.mjs';
import { openSession } from '../support/open.mjs';
import { legacyCall, modernCall, modernList } from '../support/wire.mjs';
import { entry, scenario, startAll, stopAll } from './scenario.mjs';
import { S } from './settings.mjs';

/** One tool: both eras' tools/call, and tools/list. */
export async function oneToolGroup() {
  const servers = await startAll([
    ['sdk', 0],
    ['nest', 0],
    ['pipeline', 0],
    ['plain', 0],
  ]);
  try {
    const call = modernCall(SIMPLE_TOOL.name);
    await scenario(
      'modern-call-1',
      '2026-07-28 tools/call, 1 tool',
      servers.map((server) => entry(server, call)),
    );

    const legacyEntries = [];
    for (const server of servers) {
      const sessionId = await openSession(server);
      legacyEntries.push(entry(server, legacyCall(SIMPLE_TOOL.name, sessionId)));
    }
    await scenario('legacy-call-1', '2025 tools/call (one session), 1 tool', legacyEntries);

    const list = modernList();
    // Auth and throttling cost the same whatever the method: the plain variant is left out from here on.
    await scenario(
      'modern-list-1',
      '2026-07-28 tools/list, 1 tool',
      servers.filter((server) => server.kindName !== 'plain').map((server) => entry(server, list, 1)),
      Math.min(S.rounds, 2),
    );
  } finally {
    await stopAll(servers);
  }
}

/**
 * 100 tools: how the bare SDK wiring's per-request registration degrades, beside ours (tools/list with all
 * 101 tools in one page, the same answer the SDK gives).
 */
export async function midGroup() {
  const [sdk, pipeline, pipelineAll] = await startAll([
    ['sdk', S.mid],
    ['pipeline', S.mid],
    ['pipeline', S.mid, { env: { BENCH_PAGE_SIZE: '0' }, name: `pipeline-${S.mid}-onepage`, variant: 'one page' }],
  ]);
  try {
    const call = modernCall(SIMPLE_TOOL.name);
    await scenario(
      `modern-call-${S.mid}`,
      `2026-07-28 tools/call, ${S.mid} tools`,
      [entry(sdk, call), entry(pipeline, call)],
      Math.min(S.rounds, 2),
    );
    const list = modernList();
    await scenario(
      `modern-list-${S.mid}`,
      `2026-07-28 tools/list, ${S.mid} tools`,
      [entry(sdk, list, S.mid + 1), entry(pipelineAll, list, S.mid + 1)],
      Math.min(S.rounds, 2),
      Math.max(S.duration, 3),
    );
  } finally {
    await stopAll([sdk, pipeline, pipelineAll]);
  }
}

/**
 * 1,000 tools: tools/call and tools/list; ours with all tools in one page (same bytes) and as shipped
 * (100/page). Ours with one tool runs beside, so that 1,000 ÷ 1 compares runs taken at the same time.
 */
export async function bigGroup() {
  const [sdk, nest, pipeline, pipelineAll, pipelineOne] = await startAll([
    ['sdk', S.big],
    ['nest', S.big],
    ['pipeline', S.big],
    ['pipeline', S.big, { env: { BENCH_PAGE_SIZE: '0' }, name: `pipeline-${S.big}-onepage`, variant: 'one page' }],
    ['pipeline', 0, { name: `pipeline-0-beside-${S.big}`, variant: '1 tool' }],
  ]);
  const servers = [sdk, nest, pipeline, pipelineAll, pipelineOne];
  try {
    const call = modernCall(SIMPLE_TOOL.name);
    await scenario(`modern-call-${S.big}`, `2026-07-28 tools/call, ${S.big} tools`, [
      entry(sdk, call),
      entry(nest, call),
      entry(pipeline, call),
      entry(pipelineOne, call),
    ]);
    const list = modernList();
    await scenario(
      `modern-list-${S.big}`,
      `2026-07-28 tools/list, ${S.big} tools`,
      [
        entry(sdk, list, S.big + 1),
        entry(nest, list, S.big + 1),
        entry(pipelineAll, list, S.big + 1),
        entry(pipeline, list, 100),
      ],
      Math.min(S.rounds, 2),
      Math.max(S.duration, 3),
    );
  } finally {
    await stopAll(servers);
  }
}
