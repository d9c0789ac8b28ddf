import { describe, expect, it } from 'vitest';
import { DuplicateNameError } from '../errors/declaration.errors.js';
import { McpNotRegisteredError } from '../errors/not-found.errors.js';
import { Catalog, type Page } from './catalog.js';

interface Item {
  source: string;
  id: string;
}

function catalogOf(count: number, pageSize: number) {
  const catalog = new Catalog<Item, string>('thing', (entry) => entry.id, pageSize);
  for (let i = 0; i < count; i++) catalog.add(`k${i}`, { source: `S.m${i}`, id: `k${i}` });
  return catalog;
}

/** Follows `nextCursor` from the first page to the last. */
function walk(catalog: Catalog<Item, string>): Page<string>[] {
  const pages: Page<string>[] = [];
  let page = catalog.page();
  while (page) {
    pages.push(page);
    if (!page.nextCursor) break;
    page = catalog.page(page.nextCursor);
    if (pages.length > 100) throw new Error('cursor loop');
  }
  return pages;
}

const cursorFor = (text: string) => Buffer.from(text).toString('base64url');

describe('Catalog', () => {
  it('gets, counts and removes entries', () => {
    const catalog = catalogOf(2, 10);
    expect(catalog.size).toBe(2);
    expect(catalog.get('k1')).toEqual({ source: 'S.m1', id: 'k1' });
    catalog.remove('k1');
    expect(catalog.get('k1')).toBeUndefined();
    expect(catalog.size).toBe(1);
    expect([...catalog.values()].map((entry) => entry.id)).toEqual(['k0']);
  });

  it('rejects a second entry under one key, naming both sources', () => {
    const catalog = catalogOf(1, 10);
    const add = () => catalog.add('k0', { source: 'Other.m', id: 'x' });
    expect(add).toThrow(DuplicateNameError);
    expect(add).toThrow('thing "k0" is declared by S.m0 and Other.m');
    expect(catalog.get('k0')?.source).toBe('S.m0');
  });

  it('throws McpNotRegisteredError when removing an unknown key', () => {
    const catalog = catalogOf(1, 10);
    expect(() => catalog.remove('nope')).toThrow(McpNotRegisteredError);
    expect(() => catalog.remove('nope')).toThrow('thing "nope" is not registered');
    expect(catalog.size).toBe(1);
  });

  it.each([
    [5, 2, [['k0', 'k1'], ['k2', 'k3'], ['k4']]],
    [
      4,
      2,
      [
        ['k0', 'k1'],
        ['k2', 'k3'],
      ],
    ],
    [3, 3, [['k0', 'k1', 'k2']]],
    [1, 2, [['k0']]],
  ])('splits %i items into pages of %i with a cursor chain', (count, size, expected) => {
    const pages = walk(catalogOf(count, size));
    expect(pages.map((page) => page.items)).toEqual(expected);
    expect(pages.at(-1)).not.toHaveProperty('nextCursor');
    for (const page of pages.slice(0, -1)) expect(page.nextCursor).toBeTypeOf('string');
  });

  it('accepts only the cursors it issued, not look-alikes that decode to the same number', () => {
    const catalog = catalogOf(5, 2);
    const second = catalog.page()!.nextCursor!;
    expect(catalog.page(second)?.items).toEqual(['k2', 'k3']);
    for (const forged of [cursorFor('1x'), `${second}==`, cursorFor('01'), cursorFor('1.9'), cursorFor(' 1')]) {
      expect(catalog.page(forged)).toBeUndefined();
    }
  });

  it('lists everything in one page when the page size is 0', () => {
    const pages = walk(catalogOf(250, 0));
    expect(pages).toHaveLength(1);
    expect(pages[0].items).toHaveLength(250);
  });

  it('gives one empty page when empty', () => {
    expect(walk(catalogOf(0, 2))).toEqual([{ items: [] }]);
  });

  it.each([
    ['not base64 of a number', 'garbage'],
    ['empty', ''],
    ['page 0 (never issued)', cursorFor('0')],
    ['a page past the end', cursorFor('3')],
    ['a negative page', cursorFor('-1')],
  ])('returns undefined for a cursor that is %s', (_, cursor) => {
    const catalog = catalogOf(5, 2);
    expect(catalog.page(cursor)).toBeUndefined();
  });

  it('caches pages until the catalog changes', () => {
    const catalog = catalogOf(3, 2);
    const first = catalog.page();
    expect(catalog.page()).toBe(first);
    expect(catalog.page()?.items).toBe(first?.items);
    const second = catalog.page(first?.nextCursor);
    expect(catalog.page(first?.nextCursor)).toBe(second);

    catalog.add('k9', { source: 'S.m9', id: 'k9' });
    const afterAdd = catalog.page(first?.nextCursor);
    expect(afterAdd).not.toBe(second);
    expect(afterAdd?.items).toEqual(['k2', 'k9']);

    const beforeRemove = catalog.page();
    catalog.remove('k0');
    expect(catalog.page()).not.toBe(beforeRemove);
    expect(catalog.page()?.items).toEqual(['k1', 'k2']);
  });
});
