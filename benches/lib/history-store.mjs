// Chart points written straight into the app's IndexedDB history store,
// in its own record format (see src/web/history.rs), for benchmarks that
// start with history: a page of the app must be open (it creates the store).

const SEPARATOR = '\u001f';

/** The store's key of one series: connection, topic and JSON path. */
export const storeKey = (connection, topic, valuePath) => [connection, topic, valuePath].join(SEPARATOR);

/**
 * Writes `perSeries` points for each key, `spacingMs` apart, the newest
 * `endAgoMs` before now; values a slow sine wave per series.
 */
export function fillHistoryStore(page, { keys, perSeries, spacingMs, endAgoMs = 0 }) {
    return page.evaluate(async ({ keys, perSeries, spacingMs, endAgoMs }) => {
        const db = await new Promise((ok, fail) => {
            const opening = indexedDB.open('mqtt-deck-history');
            opening.onsuccess = () => ok(opening.result);
            opening.onerror = () => fail(opening.error);
        });
        const writing = db.transaction('points', 'readwrite');
        const store = writing.objectStore('points');
        const end = Date.now() - endAgoMs;
        keys.forEach((key, series) => {
            for (let start = 0; start < perSeries; start += 8192) {
                const count = Math.min(8192, perSeries - start);
                const points = new Float64Array(count * 2);
                for (let index = 0; index < count; index++) {
                    const at = start + index;
                    points[2 * index] = end - (perSeries - 1 - at) * spacingMs;
                    points[2 * index + 1] = 20 + 5 * Math.sin(at / 500 + series);
                }
                store.put({ s: key, n: start + series / 100, p: points });
            }
        });
        await new Promise((ok, fail) => { writing.oncomplete = ok; writing.onerror = () => fail(writing.error); });
        db.close();
    }, { keys, perSeries, spacingMs, endAgoMs });
}
