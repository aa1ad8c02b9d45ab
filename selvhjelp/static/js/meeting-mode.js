// Meeting mode: a fair round timer that works by keyboard alone and without a network.
// Its state lives in this page only; nothing is sent anywhere.

/**
 * Split a round evenly: every share differs from the others by at most one second,
 * and together they are exactly the round's length.
 */
export function splitTime(totalSeconds, people) {
  const count = Math.max(1, Math.floor(Number(people) || 1));
  const total = Math.max(0, Math.floor(Number(totalSeconds) || 0));
  const base = Math.floor(total / count);
  const extra = total % count;
  return Array.from({ length: count }, (_, index) => base + (index < extra ? 1 : 0));
}

function format(seconds) {
  const safe = Math.max(0, Math.ceil(seconds));
  const minutes = Math.floor(safe / 60);
  return `${minutes}:${String(safe % 60).padStart(2, "0")}`;
}

function beep() {
  try {
    const context = new AudioContext();
    const tone = context.createOscillator();
    const volume = context.createGain();
    volume.gain.value = 0.05;
    tone.frequency.value = 440;
    tone.connect(volume).connect(context.destination);
    tone.start();
    tone.stop(context.currentTime + 0.3);
  } catch {
    // Sound is optional; the visual signal is enough.
  }
}

/** The input's number within its own min and max (an empty or odd value becomes the min). */
export function withinLimits(value, min, max) {
  const number = Math.floor(Number(value));
  if (!Number.isFinite(number) || number < min) return min;
  return Math.min(number, max);
}

function limited(input) {
  const value = withinLimits(input.value, Number(input.min), Number(input.max));
  input.value = String(value);
  return value;
}

function setUpTimer(root) {
  const minutes = root.querySelector("[data-round-minutes]");
  const people = root.querySelector("[data-round-people]");
  const sound = root.querySelector("[data-round-sound]");
  const display = root.querySelector("[data-round-display]");
  const status = root.querySelector("[data-round-status]");
  const start = root.querySelector("[data-round-start]");
  const next = root.querySelector("[data-round-next]");
  const skip = root.querySelector("[data-round-skip]");
  let shares = [];
  let index = 0;
  let remaining = 0;
  let running = false;
  let done = false;
  let lastTick = 0;
  let ticker = null;

  const render = () => {
    display.textContent = format(remaining);
    if (done) {
      status.textContent = root.dataset.labelDone;
    } else if (shares.length) {
      status.textContent = root.dataset.labelTurn
        .replace("{n}", index + 1)
        .replace("{total}", shares.length);
    } else {
      status.textContent = root.dataset.labelReady;
    }
    start.textContent = running ? root.dataset.labelPause : root.dataset.labelStart;
    start.setAttribute("aria-pressed", running ? "true" : "false");
    // While a round goes on, its length and its people stay as they were when it began.
    const inRound = shares.length > 0 && !done;
    minutes.disabled = inRound;
    people.disabled = inRound;
  };

  const signal = () => {
    display.classList.remove("timer__display--signal");
    void display.offsetWidth; // restart the gentle pulse
    display.classList.add("timer__display--signal");
    if (sound.checked) beep();
  };

  const moveOn = () => {
    if (index + 1 < shares.length) {
      index += 1;
      remaining = shares[index];
    } else {
      running = false;
      done = true;
      remaining = 0;
      clearInterval(ticker);
    }
  };

  const tick = () => {
    const now = Date.now();
    remaining -= (now - lastTick) / 1000;
    lastTick = now;
    if (remaining <= 0) {
      signal();
      moveOn();
    }
    render();
  };

  start.addEventListener("click", () => {
    if (done || !shares.length) {
      // A new round: after one is over, Start begins the next with the same settings.
      done = false;
      shares = splitTime(limited(minutes) * 60, limited(people));
      index = 0;
      remaining = shares[0];
    }
    running = !running;
    clearInterval(ticker);
    if (running) {
      lastTick = Date.now();
      ticker = setInterval(tick, 250);
    }
    render();
  });

  next.addEventListener("click", () => {
    if (!shares.length || done) return;
    signal();
    moveOn();
    lastTick = Date.now();
    render();
  });

  skip.addEventListener("click", () => {
    if (!shares.length || done) return;
    moveOn();
    lastTick = Date.now();
    render();
  });

  root.querySelector("[data-round-reset]").addEventListener("click", () => {
    clearInterval(ticker);
    shares = [];
    running = false;
    done = false;
    remaining = limited(minutes) * 60;
    render();
  });

  // Before a round, the display shows the length being typed.
  minutes.addEventListener("change", () => {
    if (!shares.length || done) {
      remaining = limited(minutes) * 60;
      render();
    }
  });
  people.addEventListener("change", () => limited(people));

  remaining = limited(minutes) * 60;
  render();
  root.hidden = false;
}

for (const root of document.querySelectorAll("[data-round-timer]")) {
  setUpTimer(root);
}

// Keep this page and what it loads for when the room has no network (meeting-mode-worker.js).
// A page the worker did not answer (the first visit) is put in the worker's cache from here;
// after that the worker keeps its own copy fresh on every visit with a network.
const worker = document.querySelector("[data-offline-worker]");
if (worker && "serviceWorker" in navigator) {
  const ready = () => worker.setAttribute("data-offline-ready", "");
  // No scope given: the worker answers for its own folder, the language's /grupper/.
  navigator.serviceWorker
    .register(worker.getAttribute("data-offline-worker"))
    .then(async () => {
      if (navigator.serviceWorker.controller) {
        return;
      }
      const cache = await caches.open("meeting-mode-v1");
      const loaded = "link[rel~=stylesheet], link[rel~=icon], script[src]";
      const files = [...document.querySelectorAll(loaded)].map((e) => e.href || e.src);
      await cache.addAll([location.pathname, ...files]);
    })
    .then(ready)
    .catch(() => {});
}
