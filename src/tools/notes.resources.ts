import { Injectable } from '@nestjs/common';
import { RequireScopes, Resource, ResourceNotFoundError, ResourceTemplate } from 'nest-mcp';
import { NotesService } from './notes.service.js';

export const NOTES_INDEX_URI = 'notes://index';
export const noteUri = (id: string) => `notes://${id}`;

/** The notes as resources: an index, and each note by id (with id completion). */
@Injectable()
export class NotesResources {
  constructor(private readonly notes: NotesService) {}

  @Resource({
    uri: NOTES_INDEX_URI,
    description: 'Every note: id and title',
    mimeType: 'application/json',
  })
  @RequireScopes('notes:read')
  index() {
    return this.notes.all().map(({ id, title }) => ({ id, title, uri: noteUri(id) }));
  }

  @ResourceTemplate({
    uriTemplate: 'notes://{id}',
    name: 'note',
    description: 'One note, as Markdown',
    mimeType: 'text/markdown',
    complete: { id: 'completeId' },
  })
  @RequireScopes('notes:read')
  note({ id }: { id: string }): string {
    const note = this.notes.get(id);
    if (!note) throw new ResourceNotFoundError(noteUri(id));
    return `# ${note.title}\n\n${note.body}\n`;
  }

  completeId(prefix: string): string[] {
    return this.notes
      .all()
      .map((note) => note.id)
      .filter((id) => id.startsWith(prefix));
  }
}
