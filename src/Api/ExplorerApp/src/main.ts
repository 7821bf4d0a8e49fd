/** The explorer: routes each address to its view. Everything shown is read from the public /graphql. */
import './styles.css';
import { comparablePage } from './comparable/comparablePage';
import { connectionsPage } from './connections/connectionsPage';
import { entityPage } from './entities/entityPage';
import { modelsPage } from './entities/modelsPage';
import { organisationsPage } from './organisations/organisationsPage';
import { gapMapPage } from './gapmap/gapMapPage';
import { homePage } from './search/homePage';
import { searchPage } from './search/searchPage';
import { navigate, startRouter } from './app/router';
import { loading, showError } from './app/view';

async function render(url: URL): Promise<void> {
  const [first, second] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  markCurrentNav(url.pathname);
  // The header's box holds the query of the results shown, and nothing on other pages.
  const headerQuery = document.querySelector<HTMLInputElement>('#header-q');
  if (headerQuery && first !== 'search') {
    headerQuery.value = '';
  }
  switch (first) {
    case undefined:
      return homePage();
    case 'search':
      return searchPage(url);
    case 'models':
      return modelsPage(url);
    case 'organisations':
      return organisationsPage(url);
    case 'graph':
      return second ? graphView(second, url) : notFound(url);
    case 'comparable':
      return comparablePage(second ?? null, url);
    case 'gap-map':
      return gapMapPage(url);
    case 'connections':
      return connectionsPage(url);
    default:
      return second ? entityPage(first, second, url) : notFound(url);
  }
}

/** The graph view and cytoscape load when a graph is first shown, so that no other page waits for them. */
async function graphView(id: string, url: URL): Promise<void> {
  loading('the graph');
  try {
    const { graphPage } = await import('./graph/graphPage');
    await graphPage(id, url);
  } catch (error) {
    showError('Graph', error);
  }
}

function notFound(url: URL): void {
  showError('Not found', new Error(`Nothing is shown at ${url.pathname}.`));
}

function markCurrentNav(path: string): void {
  document.querySelectorAll<HTMLAnchorElement>('.site-header nav a').forEach((link) => {
    const current = new URL(link.href).pathname;
    if (current !== '/graphql' && (path === current || path.startsWith(`${current}/`))) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  });
}

// The header's search box works without a page load.
document.querySelector<HTMLFormElement>('.header-search')?.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = String(new FormData(event.currentTarget as HTMLFormElement).get('q') ?? '').trim();
  navigate(`/search?q=${encodeURIComponent(text)}`);
});

startRouter(render);
