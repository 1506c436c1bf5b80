/**
 * Images waiting in this browser to be uploaded: added while offline (or
 * while the server could not be reached), shown from here meanwhile, and
 * uploaded on reconnect. Plain IndexedDB, one record per image, so a closed
 * tab or a restart keeps them.
 */
export interface PendingImage {
  /** The node's `pendingUpload`: `<userId>.<random>` (see pendingUploadId). */
  id: string;
  docId: string;
  userId: string;
  name: string;
  blob: Blob;
  createdAt: number;
}

const databaseName = 'commonplace-pending-images';
const storeName = 'images';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(databaseName, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(storeName, { keyPath: 'id' });
      store.createIndex('docId', 'docId');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB is not available'));
  });
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(storeName, mode);
      const request = work(transaction.objectStore(storeName));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB aborted'));
    });
  } finally {
    db.close();
  }
}

export const pendingImages = {
  put: (image: PendingImage) => run('readwrite', (store) => store.put(image)).then(() => undefined),
  get: (id: string) => run<PendingImage | undefined>('readonly', (store) => store.get(id) as IDBRequest<PendingImage | undefined>),
  remove: (id: string) => run('readwrite', (store) => store.delete(id)).then(() => undefined),
  /** This user's images waiting for one document, oldest first. */
  async forDoc(docId: string, userId: string): Promise<PendingImage[]> {
    const all = await run<PendingImage[]>('readonly', (store) => store.index('docId').getAll(docId) as IDBRequest<PendingImage[]>);
    return all.filter((image) => image.userId === userId).sort((a, b) => a.createdAt - b.createdAt);
  },
};
