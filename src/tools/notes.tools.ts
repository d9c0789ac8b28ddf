import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { McpRegistry, RequireScopes, Tool, ToolError, type McpContext } from 'nest-mcp';
import { ExportPace, NewNote, Note, NoteList, NoteQuery, NoteRef } from './note.schemas.js';
import { NotesService } from './notes.service.js';
import { NOTES_INDEX_URI, noteUri } from './notes.resources.js';

/** The example's tools: what a user copies to add their own. */
@Injectable()
export class NotesTools {
  constructor(
    private readonly notes: NotesService,
    private readonly registry: McpRegistry,
  ) {}

  @Tool({
    description: 'Find notes whose title or body contains the text',
    input: NoteQuery,
    output: NoteList,
    annotations: { readOnlyHint: true },
  })
  @RequireScopes('notes:read')
  searchNotes({ query, tag }: NoteQuery): NoteList {
    const notes = this.notes.search(query, tag);
    return { notes, total: notes.length };
  }

  @Tool({
    description: 'Create a note',
    input: NewNote,
    output: Note,
  })
  @RequireScopes('notes:write')
  createNote({ title, body, tags }: NewNote): Note {
    const note = this.notes.create(title, body, tags);
    this.registry.notifyResourceUpdated(NOTES_INDEX_URI);
    return note;
  }

  @Tool({
    description: 'Delete a note, after the user confirms',
    input: NoteRef,
    annotations: { destructiveHint: true },
  })
  @RequireScopes('notes:delete')
  async deleteNote({ id }: NoteRef, ctx: McpContext): Promise<string> {
    const note = this.notes.get(id);
    if (!note) throw new ToolError(`No note with id ${id}`);
    const answer = await ctx.elicit('confirm', {
      message: `Delete the note "${note.title}"?`,
      requestedSchema: z.object({
        confirm: z.boolean().describe('Yes, delete it'),
      }),
    });
    if (answer.action !== 'accept' || answer.content?.confirm !== true) return `Kept "${note.title}"`;
    this.notes.delete(id);
    this.registry.notifyResourceUpdated(NOTES_INDEX_URI);
    this.registry.notifyResourceUpdated(noteUri(id));
    return `Deleted "${note.title}"`;
  }

  @Tool({
    description: 'Export every note as Markdown; a long job that reports progress and can be cancelled',
    input: ExportPace,
    annotations: { readOnlyHint: true },
    // A client that takes tasks gets one for an export that runs past a second: it outlives the
    // request (disconnects, proxies' timeouts), and the client polls for the Markdown.
    task: 'optional',
    taskAfterMs: 1_000,
  })
  @RequireScopes('notes:read')
  async exportNotes({ delayMs }: ExportPace, ctx: McpContext): Promise<string> {
    const notes = this.notes.all();
    const parts: string[] = [];
    for (const [index, note] of notes.entries()) {
      await sleep(delayMs, undefined, { signal: ctx.signal });
      parts.push(`# ${note.title}\n\n${note.body}\n`);
      await ctx.reportProgress(index + 1, notes.length, `exported ${note.title}`);
    }
    return parts.join('\n');
  }
}
