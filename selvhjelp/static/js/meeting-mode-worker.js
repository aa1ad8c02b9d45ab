// Meeting mode opens without a network once it has been opened with one: rooms in borrowed
// premises often have none. This worker answers only for meeting-mode pages and the files
// they load; every other request passes by untouched. Network first, so a page that can be
// fetched is always fresh; the copy kept is used only when the network fails.

const CACHE = "meeting-mode-v1";
// Each language has its own worker, scoped to its own /grupper/ (/grupper/, /nn/grupper/,
// /en/grupper/): a worker answers only for pages under the address it is served from.
const SCOPE = new URL(self.registration.scope).pathname;
const MEETING_MODE = /^[^/]+\/inne\/moter\/[^/]+\/motemodus\/$/;

function isMeetingMode(pathname) {
  return pathname.startsWith(SCOPE) && MEETING_MODE.test(pathname.slice(SCOPE.length));
}

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function fromMeetingMode(event) {
  const client = event.clientId ? await self.clients.get(event.clientId) : null;
  return client ? isMeetingMode(new URL(client.url).pathname) : false;
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreVary: true });
    if (kept) {
      return kept;
    }
    throw error;
  }
}

async function answer(event) {
  const url = new URL(event.request.url);
  const page = event.request.mode === "navigate" && isMeetingMode(url.pathname);
  if (page || (url.pathname.startsWith("/static/") && (await fromMeetingMode(event)))) {
    return networkFirst(event.request);
  }
  return fetch(event.request);
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (!isMeetingMode(url.pathname) && !url.pathname.startsWith("/static/")) {
    return;
  }
  event.respondWith(answer(event));
});
