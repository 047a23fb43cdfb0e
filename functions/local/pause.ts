/** Waits `ms`, or less if `signal` aborts meanwhile. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    // Whichever ends the pause removes the other: a stream reader pauses every 200 ms while idle, so
    // a listener left behind each time would pile up on its one signal for as long as it runs.
    const end = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', end);
      done();
    };
    const timer = setTimeout(end, ms);
    signal.addEventListener('abort', end, { once: true });
  });
}
