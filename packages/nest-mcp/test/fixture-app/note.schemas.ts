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
