/**
 * Recently rebuilt moments of documents, kept encoded (bytes), so that the
 * same moment or comparison asked for again, by the same reader or another
 * (a class opening the same version), is decoded instead of replayed from
 * the history. A key names exactly what makes the answer: a document and
 * rows of its update log, which never change once written. Bounded by the
 * bytes it holds; the least recently used go first.
 */
export class MomentCache<V> {
  readonly #entries = new Map<string, { value: V; bytes: number }>();
  #bytes = 0;
  /** Answers rebuilt because they were not here: a reader asking again does not add to it. */
  misses = 0;

  constructor(private readonly maxBytes = 32 * 1024 * 1024) {}

  /** The value kept under `key`, or `build`'s, kept for next time unless larger than a quarter of the cache. */
  async get(key: string, build: () => Promise<{ value: V; bytes: number }>): Promise<V> {
    const found = this.#entries.get(key);
    if (found) {
      // Most recently used goes last.
      this.#entries.delete(key);
      this.#entries.set(key, found);
      return found.value;
    }
    this.misses += 1;
    const built = await build();
    if (built.bytes <= this.maxBytes / 4 && !this.#entries.has(key)) {
      this.#entries.set(key, built);
      this.#bytes += built.bytes;
      for (const [oldest, entry] of this.#entries) {
        if (this.#bytes <= this.maxBytes) break;
        this.#entries.delete(oldest);
        this.#bytes -= entry.bytes;
      }
    }
    return built.value;
  }
}
