import { describe, expect, it } from 'vitest';
import { RecencyMap } from './recency-map.js';

const keys = (map: Map<string, number>) => [...map.keys()];

describe('RecencyMap', () => {
  it('moves a touched entry to the end, and keeps the newest where it is', () => {
    const map = new RecencyMap<string, number>();
    map.set('a', 1).set('b', 2).set('c', 3);
    map.touch('a', 10);
    expect(keys(map)).toEqual(['b', 'c', 'a']);
    expect(map.get('a')).toBe(10);
    map.touch('a', 11);
    expect(keys(map)).toEqual(['b', 'c', 'a']);
    expect(map.get('a')).toBe(11);
    expect(map.oldest()).toBe('b');
  });

  it('treats a key added by set as the newest, and an updated one as not moved', () => {
    const map = new RecencyMap<string, number>();
    map.touch('a', 1);
    map.set('b', 2);
    map.touch('a', 3);
    expect(keys(map)).toEqual(['b', 'a']);
    map.set('b', 4); // an update in place: b stays first
    map.touch('a', 5);
    expect(keys(map)).toEqual(['b', 'a']);
  });

  it('forgets the newest once it is deleted or the map cleared (a re-added key goes to the end)', () => {
    const map = new RecencyMap<string, number>();
    map.touch('a', 1);
    map.set('b', 2);
    map.delete('b');
    map.set('c', 3);
    map.touch('a', 4);
    expect(keys(map)).toEqual(['c', 'a']);
    map.clear();
    map.touch('a', 5);
    expect(keys(map)).toEqual(['a']);
    expect(map.oldest()).toBe('a');
    expect(new RecencyMap().oldest()).toBeUndefined();
  });

  it('drops the oldest entries in one pass, however many are asked for', () => {
    const map = new RecencyMap<string, number>();
    for (const key of ['a', 'b', 'c', 'd']) map.set(key, 0);
    map.touch('a', 1);
    map.dropOldest(2);
    expect(keys(map)).toEqual(['d', 'a']);
    map.dropOldest(5);
    expect(map.size).toBe(0);
    map.touch('a', 2); // the newest went with the rest: a is added again
    expect(keys(map)).toEqual(['a']);
  });
});
