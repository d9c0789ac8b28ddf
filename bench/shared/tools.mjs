// The benchmark's tool catalog, shared by our app, the bare SDK baseline and
// the MCP-Nest baseline so that all three serve exactly the same tools. Each
// server passes its own `zod` (the MCP-Nest install has its own copy).

/** The tool every scenario calls. */
export const SIMPLE_TOOL = {
  name: 'test_simple_text',
  description: 'Returns one text block',
  text: 'This is a simple text response for testing.',
};

/** `BENCH_TOOLS` as a whole number (default 0); anything else stops the boot. */
export function benchToolCount(env = process.env) {
  const raw = env.BENCH_TOOLS?.trim() || '0';
  if (!/^\d+$/.test(raw) || Number(raw) > 100_000) {
    throw new Error(`BENCH_TOOLS must be a whole number up to 100000, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

const NOUNS = ['orders', 'invoices', 'customers', 'tickets', 'shipments', 'documents', 'repositories', 'alerts'];

/** Four shapes of input schema, like the tools of a real service: several fields, enums, optional nesting. */
const SHAPES = [
  (z, noun) => ({
    verb: 'search',
    description: `Search ${noun} by free text, with filters, sorting and paging`,
    annotations: { readOnlyHint: true },
    input: z.object({
      query: z.string().min(1).describe(`Free-text query over ${noun}`),
      limit: z.number().int().min(1).max(100).optional().describe('Page size (default 20)'),
      sort: z.enum(['relevance', 'newest', 'oldest', 'updated']).optional(),
      filters: z
        .object({
          status: z.enum(['open', 'pending', 'closed', 'archived']).optional(),
          tags: z.array(z.string()).max(20).optional(),
          createdAfter: z.string().optional().describe('ISO 8601 date'),
          owner: z.object({ id: z.string(), team: z.string().optional() }).optional(),
        })
        .optional(),
      includeDeleted: z.boolean().optional(),
    }),
  }),
  (z, noun) => ({
    verb: 'create',
    description: `Create one of ${noun}`,
    annotations: { destructiveHint: false, idempotentHint: false },
    input: z.object({
      title: z.string().min(1).max(200),
      body: z.string().max(10_000).optional(),
      priority: z.enum(['low', 'normal', 'high', 'urgent']),
      labels: z.array(z.string().max(50)).max(10).optional(),
      assignee: z.object({ id: z.string(), notify: z.boolean().optional() }).optional(),
      dueDate: z.string().optional().describe('ISO 8601 date'),
    }),
  }),
  (z, noun) => ({
    verb: 'update',
    description: `Update fields of one of ${noun}; only the fields given change`,
    annotations: { idempotentHint: true },
    input: z.object({
      id: z.string().min(1),
      patch: z.object({
        title: z.string().max(200).optional(),
        status: z.enum(['open', 'pending', 'closed', 'archived']).optional(),
        metadata: z.record(z.string(), z.string()).optional(),
        links: z.array(z.object({ rel: z.enum(['parent', 'child', 'related']), id: z.string() })).optional(),
      }),
      expectedVersion: z.number().int().nonnegative().optional(),
      dryRun: z.boolean().optional(),
    }),
  }),
  (z, noun) => ({
    verb: 'report',
    description: `Aggregate ${noun} over a time range`,
    annotations: { readOnlyHint: true, openWorldHint: false },
    input: z.object({
      range: z.object({ from: z.string(), to: z.string() }),
      groupBy: z.enum(['day', 'week', 'month', 'owner', 'status']),
      metrics: z.array(z.enum(['count', 'sum', 'avg', 'p95'])).min(1),
      format: z.enum(['table', 'csv', 'json']).optional(),
      timezone: z.string().optional(),
    }),
  }),
];

/**
 * `count` generated tools: `{ name, description, annotations, input (a zod object), text }`.
 * Each gets its own schema instance, as separately declared tools would.
 */
export function generatedTools(z, count) {
  const tools = [];
  for (let i = 0; i < count; i++) {
    const noun = NOUNS[Math.floor(i / SHAPES.length) % NOUNS.length];
    const shape = SHAPES[i % SHAPES.length](z, noun);
    const name = `${shape.verb}_${noun}_${String(i).padStart(4, '0')}`;
    tools.push({ ...shape, name, text: `${name}: done` });
  }
  return tools;
}

/**
 * The task tool of the tasks scenarios (ours only, with `BENCH_TASKS`): runs as a task when the client
 * declares the tasks extension, waits `seconds` (a poll target while it works), then answers with `text`
 * (1 KiB: what each stored task holds in the memory scenario).
 */
export const TASK_TOOL = {
  name: 'bench_task',
  description: 'Runs as a task: waits `seconds`, then returns 1 KiB of text',
  text: 'x'.repeat(1024),
};
