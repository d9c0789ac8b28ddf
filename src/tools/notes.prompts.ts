import { Injectable } from '@nestjs/common';
import { Prompt, RequireScopes } from 'nest-mcp';
import { TagRef } from './note.schemas.js';
import { NotesService } from './notes.service.js';

/** A prompt with argument completion. */
@Injectable()
export class NotesPrompts {
  constructor(private readonly notes: NotesService) {}

  @Prompt({
    name: 'summarize_notes',
    description: 'Ask the model to summarize the notes with a tag',
    args: TagRef,
    complete: { tag: 'completeTag' },
  })
  @RequireScopes('notes:read')
  summarize({ tag }: TagRef): string {
    const notes = this.notes.search('', tag);
    const listing = notes.map((note) => `- ${note.title}: ${note.body}`).join('\n');
    return `Summarize these notes tagged "${tag}":\n${listing || '(none)'}`;
  }

  completeTag(prefix: string): string[] {
    return this.notes.tags().filter((tag) => tag.startsWith(prefix));
  }
}
