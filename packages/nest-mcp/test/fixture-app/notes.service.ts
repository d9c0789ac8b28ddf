import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Note } from './note.schemas.js';

/** The example domain: notes kept in memory. */
@Injectable()
export class NotesService {
  private readonly notes = new Map<string, Note>();

  constructor() {
    this.create('Welcome', 'This server keeps notes. Try the search_notes tool.', ['intro']);
    this.create('Shopping', 'Milk, eggs, coffee beans.', ['home']);
  }

  create(title: string, body: string, tags: string[] = []): Note {
    const note: Note = {
      id: randomUUID().slice(0, 8),
      title,
      body,
      tags,
      createdAt: new Date().toISOString(),
    };
    this.notes.set(note.id, note);
    return note;
  }

  get(id: string): Note | undefined {
    return this.notes.get(id);
  }

  delete(id: string): boolean {
    return this.notes.delete(id);
  }

  all(): Note[] {
    return [...this.notes.values()];
  }

  search(query: string, tag?: string): Note[] {
    const needle = query.toLowerCase();
    return this.all().filter(
      (note) =>
        (!tag || note.tags.includes(tag)) &&
        (note.title.toLowerCase().includes(needle) || note.body.toLowerCase().includes(needle)),
    );
  }

  tags(): string[] {
    return [...new Set(this.all().flatMap((note) => note.tags))].sort();
  }
}
