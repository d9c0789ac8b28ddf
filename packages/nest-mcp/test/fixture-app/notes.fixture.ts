import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Module } from '@nestjs/common';
import { z } from 'zod';
import {
  McpRegistry,
  RequireScopes,
  Resource,
  ResourceNotFoundError,
  ResourceTemplate,
  Tool,
  ToolError,
  type McpContext,
} from '../../src/index.js';

/**
 * What the framework's service-level specs call: a notes store with a structured search, a
 * create that notifies subscribers, a delete confirmed by elicitation and a slow export with
 * progress and cancellation. Ids are sequential so a spec can predict them.
 */
const INDEX = 'notes://index';
const Created = z.object({ id: z.string(), title: z.string() });
const Found = z.object({ total: z.number().int(), notes: z.array(Created) });

@Injectable()
export class FixtureNotes {
  private readonly notes = new Map([
    ['1', { title: 'Welcome', body: 'This fixture keeps notes.' }],
    ['2', { title: 'Shopping', body: 'Milk, eggs, coffee beans.' }],
  ]);
  private lastId = 2;

  constructor(private readonly registry: McpRegistry) {}

  @Tool({ input: z.object({ query: z.string() }), output: Found, annotations: { readOnlyHint: true } })
  @RequireScopes('notes:read')
  searchNotes({ query }: { query: string }): z.infer<typeof Found> {
    const hits = [...this.notes].filter(([, { title, body }]) =>
      `${title} ${body}`.toLowerCase().includes(query.toLowerCase()),
    );
    return { total: hits.length, notes: hits.map(([id, { title }]) => ({ id, title })) };
  }

  @Tool({ input: z.object({ title: z.string().min(1), body: z.string() }), output: Created })
  @RequireScopes('notes:write')
  createNote({ title, body }: { title: string; body: string }): z.infer<typeof Created> {
    const id = String(++this.lastId);
    this.notes.set(id, { title, body });
    this.registry.notifyResourceUpdated(INDEX);
    return { id, title };
  }

  @Tool({ input: z.object({ id: z.string() }), annotations: { destructiveHint: true } })
  @RequireScopes('notes:delete')
  async deleteNote({ id }: { id: string }, ctx: McpContext): Promise<string> {
    const note = this.notes.get(id);
    if (!note) throw new ToolError(`No note with id ${id}`);
    const { action, content } = await ctx.elicit('confirm', {
      message: `Delete the note "${note.title}"?`,
      requestedSchema: z.object({ confirm: z.boolean() }),
    });
    if (action !== 'accept' || !content?.confirm) return `Kept "${note.title}"`;
    this.notes.delete(id);
    this.registry.notifyResourceUpdated(INDEX);
    return `Deleted "${note.title}"`;
  }

  @Tool({ input: z.object({ delayMs: z.number().int().min(0).max(5_000).default(200) }) })
  @RequireScopes('notes:read')
  async exportNotes({ delayMs }: { delayMs: number }, ctx: McpContext): Promise<string> {
    const titles = [...this.notes.values()].map(({ title }) => `# ${title}`);
    for (let done = 1; done <= titles.length; done++) {
      await sleep(delayMs, undefined, { signal: ctx.signal });
      await ctx.reportProgress(done, titles.length);
    }
    return titles.join('\n');
  }

  @Resource({ uri: INDEX, mimeType: 'application/json' })
  @RequireScopes('notes:read')
  index() {
    return [...this.notes.keys()].map((id) => ({ id, uri: `notes://${id}` }));
  }

  @ResourceTemplate({ uriTemplate: 'notes://{id}', name: 'note', mimeType: 'text/plain' })
  @RequireScopes('notes:read')
  note({ id }: { id: string }): string {
    const note = this.notes.get(id);
    if (!note) throw new ResourceNotFoundError(`notes://${id}`);
    return note.body;
  }
}

@Module({ providers: [FixtureNotes] })
export class FixtureNotesModule {}
