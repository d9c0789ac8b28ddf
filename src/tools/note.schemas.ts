import { z } from 'zod';

export const Note = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  tags: z.array(z.string()),
  createdAt: z.string(),
});
export type Note = z.infer<typeof Note>;

export const NoteList = z.object({
  notes: z.array(Note),
  total: z.number().int(),
});
export type NoteList = z.infer<typeof NoteList>;

// Tool inputs: each method's argument type is inferred from its schema, never written twice.
export const NoteQuery = z.object({
  query: z.string().describe('Text to look for'),
  tag: z.string().optional().describe('Only notes with this tag'),
});
export type NoteQuery = z.infer<typeof NoteQuery>;

export const NewNote = z.object({
  title: z.string().min(1).max(200),
  body: z.string().max(10_000),
  tags: z.array(z.string()).default([]),
});
export type NewNote = z.infer<typeof NewNote>;

export const NoteRef = z.object({ id: z.string() });
export type NoteRef = z.infer<typeof NoteRef>;

export const ExportPace = z.object({
  delayMs: z.number().int().min(0).max(5_000).default(200).describe('Pause per note'),
});
export type ExportPace = z.infer<typeof ExportPace>;

export const TagRef = z.object({
  tag: z.string().describe('The tag whose notes to summarize'),
});
export type TagRef = z.infer<typeof TagRef>;
