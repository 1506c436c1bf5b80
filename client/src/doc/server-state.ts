import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/**
 * What the server holds of the document, as far as this connection was
 * told: its state vector from its step 1, raised by every step 2 and update
 * it sent since. Once the reader's writing is locked, this is the only
 * proof of what was stored (the server answers probes whatever it drops).
 * Text deleted on this device and not sent is not seen here: a state vector
 * counts insertions only.
 */
export class ServerState {
  #clocks: Map<number, number> | null = null;

  /** Whether the server told its state on this connection. */
  get told(): boolean {
    return this.#clocks !== null;
  }

  /** What was told is stale (a new connection will tell again). */
  forget(): void {
    this.#clocks = null;
  }

  /** A sync message from the server (message type already read). */
  heard(decoder: decoding.Decoder): void {
    try {
      const syncType = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (syncType === syncProtocol.messageYjsSyncStep1) {
        this.#clocks = Y.decodeStateVector(payload);
        return;
      }
      if (!this.#clocks) return;
      // Each struct sent: the server holds its client's clock up to its end. (A state vector made from the
      // update would not do: it counts only what starts at clock 0.)
      for (const struct of Y.decodeUpdate(payload).structs) {
        if (struct instanceof Y.Skip) continue;
        const end = struct.id.clock + struct.length;
        if (end > (this.#clocks.get(struct.id.client) ?? 0)) this.#clocks.set(struct.id.client, end);
      }
    } catch {
      // Not ours to judge: the provider reads the same message and reports what is wrong with it.
    }
  }

  /**
   * The text of `doc` the server was not told of, in document order: runs of
   * unsent characters, one a line (a paragraph or a stretch of the server's
   * text between them ends a run).
   */
  unsentText(doc: Y.Doc, field = 'default'): string {
    const clocks = this.#clocks;
    if (!clocks) return '';
    const runs: string[] = [];
    let run = '';
    const end = () => {
      if (run.trim()) runs.push(run);
      run = '';
    };
    const walk = (type: Y.AbstractType<unknown>) => {
      for (let item = type._start; item; item = item.right) {
        if (item.deleted) continue;
        const { content } = item;
        if (content instanceof Y.ContentString) {
          const from = Math.max(0, (clocks.get(item.id.client) ?? 0) - item.id.clock);
          if (from > 0) end();
          if (from < content.str.length) run += content.str.slice(from);
        } else if (content instanceof Y.ContentType) {
          end();
          walk(content.type as Y.AbstractType<unknown>);
          end();
        }
      }
    };
    walk(doc.getXmlFragment(field) as unknown as Y.AbstractType<unknown>);
    end();
    return runs.join('\n');
  }

  /** Whether the server was told to hold text a document with state vector `local` lacks. */
  holdsBeyond(local: Uint8Array): boolean {
    return this.#clocks !== null && reachesBeyond(this.#clocks, Y.decodeStateVector(local));
  }

  /** Whether a document with state vector `local` holds text the server was not told of. */
  lacks(local: Uint8Array): boolean {
    return this.#clocks !== null && reachesBeyond(Y.decodeStateVector(local), this.#clocks);
  }
}

/** Whether state `a` holds some client's structs past where state `b` ends. */
function reachesBeyond(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): boolean {
  for (const [client, clock] of a) {
    if (clock > (b.get(client) ?? 0)) return true;
  }
  return false;
}
