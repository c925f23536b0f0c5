// MQTT Deck's service worker: it keeps the app shell so that the app opens
// offline, and hands a new version over only when the user says so.
// VERSION and ASSETS are filled in by scripts/service-worker.mjs after each
// trunk build, so every deployment with changed files is a new worker.
const VERSION = '__VERSION__';
const ASSETS = __ASSETS__;
const CACHE = `mqtt-deck-${VERSION}`;

self.addEventListener('install', (event) => {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
});

self.addEventListener('activate', (event) => {
    event.waitUntil((async () => {
        for (const name of await caches.keys()) {
            if (name.startsWith('mqtt-deck-') && name !== CACHE) await caches.delete(name);
        }
        await self.clients.claim();
    })());
});

// A click on an alert's notification brings the app to the Alerts screen.
self.addEventListener('notificationclick', (event) => {
    event.notification.close();
    event.waitUntil((async () => {
        const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
        const open = windows.find((client) => 'focus' in client);
        if (open) {
            await open.focus();
            if ('navigate' in open) await open.navigate(new URL('./#/alerts', self.registration.scope).href).catch(() => {});
            return;
        }
        await self.clients.openWindow('./#/alerts');
    })());
});

// The page asks for this when the user accepts the update.
self.addEventListener('message', (event) => {
    if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
    const request = event.request;
    const url = new URL(request.url);
    if (request.method !== 'GET' || url.origin !== self.location.origin) return;
    // Pages and settings files: the network first, so a deployment or an edited file shows at once.
    // A settings file may hold a password, so it is never stored here: the page keeps its own copy,
    // without the passwords nobody asked it to remember. Only the precached demo.json is served offline.
    const settingsFile = url.pathname.endsWith('.json');
    const fresh = request.mode === 'navigate' || settingsFile || url.pathname.endsWith('/');
    event.respondWith(fresh ? networkFirst(request, { store: !settingsFile }) : cacheFirst(request));
});

async function networkFirst(request, { store }) {
    const cache = await caches.open(CACHE);
    try {
        const response = await fetch(request);
        if (response.ok && store) cache.put(request, response.clone());
        return response;
    } catch (offline) {
        const cached = await cache.match(request, { ignoreSearch: true });
        if (cached) return cached;
        if (request.mode === 'navigate') return (await cache.match('./')) ?? (await cache.match('index.html')) ?? Response.error();
        return Response.error();
    }
}

async function cacheFirst(request) {
    const cached = await caches.match(request);
    if (cached) return cached;
    const response = await fetch(request);
    if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
    return response;
}
