import { describe, expect, it } from 'vitest';
import { SessionBounds } from './session-bounds.js';

describe('SessionBounds', () => {
  const bounds = (perCaller: number, total: number) => {
    const ended: string[] = [];
    const sessionBounds = new SessionBounds(perCaller, total, (id) => {
      ended.push(id);
      sessionBounds.release(id);
    });
    return { sessionBounds, ended };
  };

  it('a caller past its bound loses its own least recently used session', () => {
    const { sessionBounds, ended } = bounds(2, 100);
    for (const id of ['a1', 'a2']) {
      sessionBounds.makeRoom('alice', id, 0);
      sessionBounds.touch('alice', id);
    }
    sessionBounds.makeRoom('bob', 'b1', 2);
    sessionBounds.touch('bob', 'b1');
    sessionBounds.touch('alice', 'a1'); // a2 is now alice's least recently used
    sessionBounds.makeRoom('alice', 'a3', 3);
    expect(ended).toEqual(['a2']);
  });

  it('at the global bound the caller holding the most gives one up', () => {
    const { sessionBounds, ended } = bounds(10, 3);
    for (const [caller, id] of [
      ['alice', 'a1'],
      ['bob', 'b1'],
      ['bob', 'b2'],
    ])
      sessionBounds.touch(caller, id);
    sessionBounds.makeRoom('carol', 'c1', 3);
    expect(ended).toEqual(['b1']);
  });

  it('needs no room for a session it already counts (a rebuild)', () => {
    const { sessionBounds, ended } = bounds(1, 1);
    sessionBounds.touch('alice', 'a1');
    sessionBounds.makeRoom('alice', 'a1', 1);
    expect(ended).toEqual([]);
  });
});
