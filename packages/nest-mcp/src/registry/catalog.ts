import { DuplicateNameError } from '../errors/declaration.errors.js';
import { McpNotRegisteredError } from '../errors/not-found.errors.js';

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

const MAX_VIEWS = 256;

/**
 * One kind of registered item: keyed lookups plus list pages that are built
 * once per change, so listing costs the same however often it is asked.
 */
export class Catalog<Entry extends { source: string }, Wire> {
  private readonly entries = new Map<string, Entry>();
  private pages?: Page<Wire>[];
  /** Pages of filtered views (one per distinct caller profile), rebuilt on change. */
  private readonly views = new Map<string, Page<Wire>[]>();

  constructor(
    private readonly kind: string,
    private readonly toWire: (entry: Entry) => Wire,
    private readonly pageSize: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  values(): IterableIterator<Entry> {
    return this.entries.values();
  }

  add(key: string, entry: Entry): void {
    const existing = this.entries.get(key);
    if (existing) {
      throw new DuplicateNameError(this.kind, key, existing.source, entry.source);
    }
    this.entries.set(key, entry);
    this.invalidate();
  }

  remove(key: string): void {
    if (!this.entries.delete(key)) throw new McpNotRegisteredError(this.kind, key);
    this.invalidate();
  }

  /** The page a cursor names; `undefined` for a cursor this catalog never issued. */
  page(cursor?: string): Page<Wire> | undefined {
    return pick((this.pages ??= this.paginate(() => true)), cursor);
  }

  /**
   * A page of the entries `visible` admits. Views are cached by `viewKey`
   * (which must determine `visible`), so each distinct caller profile pays
   * for the filtering once per change.
   */
  filteredPage(
    cursor: string | undefined,
    viewKey: string,
    visible: (entry: Entry) => boolean,
  ): Page<Wire> | undefined {
    let pages = this.views.get(viewKey);
    if (!pages) {
      if (this.views.size >= MAX_VIEWS) this.views.clear();
      pages = this.paginate(visible);
      this.views.set(viewKey, pages);
    }
    return pick(pages, cursor);
  }

  private invalidate(): void {
    this.pages = undefined;
    this.views.clear();
  }

  private paginate(visible: (entry: Entry) => boolean): Page<Wire>[] {
    const wires = [...this.entries.values()].filter(visible).map(this.toWire);
    const size = this.pageSize > 0 ? this.pageSize : Math.max(wires.length, 1);
    const pages: Page<Wire>[] = [];
    for (let start = 0; start < wires.length || pages.length === 0; start += size) {
      const items = wires.slice(start, start + size);
      const next = start + size < wires.length ? encodeCursor(pages.length + 1) : undefined;
      pages.push(next ? { items, nextCursor: next } : { items });
    }
    return pages;
  }
}

const encodeCursor = (index: number): string => Buffer.from(String(index)).toString('base64url');

/** Only cursors this catalog issued name a page: the decoded number must encode back to the same text. */
function pick<T>(pages: Page<T>[], cursor?: string): Page<T> | undefined {
  if (cursor === undefined) return pages[0];
  const decoded = Buffer.from(cursor, 'base64url').toString();
  if (!/^[1-9]\d*$/.test(decoded) || encodeCursor(Number(decoded)) !== cursor) return undefined;
  return pages[Number(decoded)];
}
