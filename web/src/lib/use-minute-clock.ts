import { useSyncExternalStore } from 'react';

const MINUTE_MS = 60_000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: number | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // One timer for every label on the page, running only while something shows the time.
  if (timer === undefined) {
    now = Date.now();
    timer = window.setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, MINUTE_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      window.clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The time to the minute, for labels such as "overdue" that change while a page stays open. */
export function useMinuteClock(): number {
  return useSyncExternalStore(subscribe, () => now);
}
