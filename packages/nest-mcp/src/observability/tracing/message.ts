import { clip } from '../../errors/clip.js';

/** What a span says of the message an exchange carries (the first of a batch). */
export interface TracedMessage {
  method: string;
  requestId?: string;
  tool?: string;
  prompt?: string;
  uri?: string;
}

/** The method, id and target of a body, as span attributes (client-given strings clipped). */
export function describeMessage(body: unknown, httpMethod: string): TracedMessage {
  const first = (Array.isArray(body) ? body[0] : body) as
    { method?: unknown; id?: unknown; params?: { name?: unknown; uri?: unknown } } | undefined;
  if (typeof first !== 'object' || first === null) return { method: httpMethod };
  const method = typeof first.method === 'string' ? clip(first.method) : 'response';
  const id = first.id;
  const name = typeof first.params?.name === 'string' ? clip(first.params.name) : undefined;
  const uri = typeof first.params?.uri === 'string' ? clip(first.params.uri) : undefined;
  return {
    method,
    requestId: typeof id === 'string' || typeof id === 'number' ? String(id) : undefined,
    tool: method === 'tools/call' ? name : undefined,
    prompt: method === 'prompts/get' ? name : undefined,
    uri,
  };
}
