/**
 * Client-side routes on real paths (/model/{id}, /search?q=...), so every view has an address to share. The API
 * serves the page for any path it does not answer itself (src/Api/Explorer/ExplorerSite.cs).
 */

export type Render = (url: URL) => Promise<void>;

let renderView: Render = async () => {};

/** The views being shown, one after another. */
let rendering: Promise<void> = Promise.resolve();

/**
 * Shows the view of an address once the views asked for before it are shown: two views in flight at once (Back and
 * Forward pressed quickly) would otherwise finish in any order, and an earlier address's view could replace a later one's
 * and take its focus.
 */
function render(url: URL): Promise<void> {
  rendering = rendering.catch(() => undefined).then(() => renderView(url));
  return rendering;
}

export function startRouter(view: Render): void {
  renderView = view;
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    const link = (event.target as Element | null)?.closest?.('a');
    if (!link || link.target || link.hasAttribute('download') || link.hasAttribute('data-external')) {
      return;
    }
    const url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || isServerPath(url.pathname)) {
      return;
    }
    event.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
  window.addEventListener('popstate', () => void render(new URL(window.location.href)));
  void render(new URL(window.location.href));
}

/**
 * Shows another address. A view normally moves focus to its heading; a filter that re-renders the view names the
 * control to keep focus on instead (options.focus, a CSS selector), so keyboard users stay where they were.
 */
export function navigate(href: string, options: { replace?: boolean; focus?: string } = {}): void {
  if (options.replace) {
    history.replaceState(null, '', href);
  } else {
    history.pushState(null, '', href);
  }
  void render(new URL(window.location.href)).then(() => {
    if (options.focus) {
      document.querySelector<HTMLElement>(options.focus)?.focus();
    }
  });
}

/** Paths the API answers itself (GraphiQL, health checks, assets): a full page load. */
function isServerPath(path: string): boolean {
  return /^\/(graphql|graphiql|explorer|healthz|readyz)(\/|$)/i.test(path);
}
