import type { ReactNode } from 'react';

/**
 * A part of the page that scrolls on its own (a long timeline). It takes keyboard focus, so that
 * someone without a mouse can scroll it with the arrow keys, and is named for screen readers.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is reachable by keyboard only with a tab stop (WCAG 2.1.1).
    <section className="ot-scroll" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
