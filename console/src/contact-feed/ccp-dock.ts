/**
 * Where the Contact Control Panel's frame lives. Streams talks to the frame's window, which
 * ends when the frame leaves the document, and Streams starts once per page: so the frame is
 * never moved or removed. It sits in one element at the end of the body, laid over the page's
 * placeholder while the screen pop shows, and hidden (still running) while it does not.
 */
let dock: HTMLDivElement | undefined;

export function ccpDock(): HTMLDivElement {
  if (!dock) {
    dock = document.createElement('div');
    // At the end of the body, so a landmark of its own that keyboard and screen reader users can find.
    dock.setAttribute('role', 'region');
    dock.setAttribute('aria-label', 'Amazon Connect Contact Control Panel');
    dock.style.position = 'absolute';
    // Streams sizes its frame to 100 % and leaves the browser's border on it.
    dock.style.overflow = 'hidden';
    dock.hidden = true;
    document.body.append(dock);
  }
  return dock;
}

/** Lays `element` over `placeholder` until the returned function is called, then hides it. */
export function placeOver(element: HTMLElement, placeholder: HTMLElement): () => void {
  const place = () => {
    const box = placeholder.getBoundingClientRect();
    Object.assign(element.style, {
      top: `${box.top + window.scrollY}px`,
      left: `${box.left + window.scrollX}px`,
      width: `${box.width}px`,
      height: `${box.height}px`,
    });
    element.hidden = false;
  };
  place();
  // The placeholder moves when anything else on the page changes size.
  const observer = new ResizeObserver(place);
  observer.observe(placeholder);
  observer.observe(document.body);
  window.addEventListener('resize', place);
  return () => {
    observer.disconnect();
    window.removeEventListener('resize', place);
    element.hidden = true;
  };
}
