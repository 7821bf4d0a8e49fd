/** Search across every type, with type filters, counts per type and the API's highlighted matches. */
import { run, type Operation } from '../api/graphql';
import { displayName, nodeTypes, pageHref, typeLabel, type NodeRef, type NodeType } from '../api/nodes';
import { announce, fieldLabel, h, highlighted, words } from '../app/dom';
import { navigate } from '../app/router';
import { idCells, idColumns, loading, pageHeading, queryLink, show, showError, typeBadge } from '../app/view';
import { exportButtons } from '../export/exportButtons';
import { designLabel } from '../entities/verdict';
import { statusBadge } from '../organisations/status';

const pageSize = 20;
const types = Object.keys(nodeTypes) as NodeType[];

interface SearchEdge {
  cursor: string;
  score: number;
  highlights: { field: string; snippet: string }[];
  node: NodeRef & { key: string; family?: string; kind?: string; design?: string; year?: number | null; region?: string | null; status?: string | null; dissolvedOn?: string | null };
}

interface SearchData {
  search: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: SearchEdge[] };
}

const searchQuery = `query Search($query: String!, $types: [SearchableType!], $first: Int, $after: String) {
  search(query: $query, types: $types, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor score
      highlights { field snippet }
      node {
        __typename
        ... on Model { id key name family }
        ... on Organisation { id key name region status dissolvedOn }
        ... on ChallengeArea { id key name }
        ... on Funder { id key name kind }
        ... on Outcome { id key name }
        ... on Evidence { id key title year design }
        ... on Source { id key title }
      }
    }
  }
}`;

/** One request for the number of matches of each type: aliases of the same search, one per type. */
const countsQuery = `query SearchCounts($query: String!) {
${types.map((type) => `  ${type}: search(query: $query, types: [${nodeTypes[type].searchType}], first: 1) { totalCount }`).join('\n')}
}`;

export async function searchPage(url: URL): Promise<void> {
  const text = (url.searchParams.get('q') ?? '').trim();
  const chosen = url.searchParams.getAll('type').filter((type): type is NodeType => types.includes(type as NodeType));
  const input = document.getElementById('header-q') as HTMLInputElement | null;
  if (input) {
    input.value = text;
  }

  if (!text) {
    show('Search', pageHeading('Search the graph', null), searchForm('', chosen),
      h('p', null, 'Type a few words, such as a model, an organisation, a place, a challenge or an outcome. Every word must occur in a result.'));
    return;
  }

  loading(`results for “${text}”`);
  const operation: Operation = {
    query: searchQuery,
    variables: { query: text, types: chosen.length > 0 ? chosen.map((type) => nodeTypes[type].searchType) : null, first: pageSize },
  };
  try {
    const [data, counts] = await Promise.all([
      run<SearchData>(operation),
      run<Record<NodeType, { totalCount: number }>>({ query: countsQuery, variables: { query: text } }),
    ]);
    const edges = [...data.search.edges];
    const list = h('ol', { class: 'results', id: 'search-results' });
    const appendResults = (more: SearchEdge[]) => list.append(...more.map(resultItem));
    appendResults(edges);

    let pageInfo = data.search.pageInfo;
    const moreButton = h('button', { type: 'button', class: 'secondary', onclick: async () => {
      moreButton.disabled = true;
      const next = await run<SearchData>({ ...operation, variables: { ...operation.variables, after: pageInfo.endCursor } });
      edges.push(...next.search.edges);
      appendResults(next.search.edges);
      pageInfo = next.search.pageInfo;
      moreButton.disabled = false;
      moreButton.hidden = !pageInfo.hasNextPage;
      announce(`${edges.length} of ${data.search.totalCount} results shown.`);
    } }, 'Show more results');
    moreButton.hidden = !pageInfo.hasNextPage;

    const exportData = () => ({
      name: `search-${text}`,
      columns: ['type', 'name', 'score', ...idColumns],
      rows: edges.map((edge) => [typeLabel(edge.node.__typename), displayName(edge.node), edge.score, ...idCells({ id: edge.node.id, type: edge.node.__typename })]),
      nodes: edges.map((edge) => ({ id: edge.node.id, type: edge.node.__typename, label: displayName(edge.node), attributes: { key: edge.node.key, score: edge.score } })),
      edges: [],
    });

    const title = `Search: ${text}`;
    show(title,
      pageHeading(`Results for “${text}”`, 'Search'),
      searchForm(text, chosen, counts),
      h('div', { class: 'view-actions' },
        h('p', { class: 'result-count', id: 'result-count' }, `${data.search.totalCount} result${data.search.totalCount === 1 ? '' : 's'}`,
          chosen.length > 0 ? ` among ${chosen.map((type) => nodeTypes[type].plural.toLowerCase()).join(', ')}` : '', ', best match first.'),
        edges.length > 0 ? exportButtons('search results', exportData) : null,
        queryLink(operation)),
      // Search takes no conditions; the organisations list does, so organisations found can be narrowed by status and region there.
      counts.Organisation.totalCount > 0 ? h('p', { class: 'detail', id: 'organisations-named' },
        h('a', { href: `/organisations?q=${encodeURIComponent(text)}` }, `Organisations named “${text}”, by status and region`),
        ': the list whose names contain these words as written, with filters and a chart by region.') : null,
      edges.length === 0
        ? h('p', { class: 'empty' }, 'Nothing matches every word. Try fewer or shorter words (“homeless” also finds “homelessness”), or clear the type filters.')
        : list,
      moreButton);
  } catch (error) {
    showError(`Search: ${text}`, error);
  }
}

function searchForm(text: string, chosen: NodeType[], counts?: Record<NodeType, { totalCount: number }>): HTMLElement {
  const form = h('form', { class: 'search-form', role: 'search', 'aria-label': 'Search with filters' },
    h('div', { class: 'search-row' },
      h('label', { for: 'search-q' }, 'Search for'),
      h('input', { id: 'search-q', name: 'q', type: 'search', value: text, autocomplete: 'off' }),
      h('button', { type: 'submit' }, 'Search')),
    h('fieldset', { class: 'type-filters' },
      h('legend', null, 'Only these types (none ticked: all types)'),
      types.map((type) => h('label', { class: 'check' },
        h('input', { type: 'checkbox', name: 'type', value: type, checked: chosen.includes(type) }),
        ` ${nodeTypes[type].plural}`,
        counts ? h('span', { class: 'count' }, ` (${counts[type].totalCount})`) : null))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitSearch(form);
  });
  // A ticked or cleared type applies at once, as on the evidence portals; the query stays as typed.
  form.addEventListener('change', (event) => {
    const box = event.target as HTMLInputElement;
    if (box.type === 'checkbox' && text) {
      submitSearch(form, `.type-filters input[value="${box.value}"]`);
    }
  });
  return form;
}

function submitSearch(form: HTMLFormElement, focus?: string): void {
  const data = new FormData(form);
  const parameters = new URLSearchParams();
  parameters.set('q', String(data.get('q') ?? '').trim());
  for (const type of data.getAll('type')) {
    parameters.append('type', String(type));
  }
  navigate(`/search?${parameters.toString()}`, focus ? { focus } : {});
}

function resultItem(edge: SearchEdge): HTMLElement {
  const node = edge.node;
  const detail = [node.family ? words(node.family) : null, node.kind ? words(node.kind) : null, node.region ?? null,
    node.design ? designLabel(node.design) : null, node.year ? String(node.year) : null].filter(Boolean).join(' · ');
  return h('li', { class: 'result' },
    h('div', { class: 'result-head' }, typeBadge(node.__typename), ' ', h('a', { href: pageHref(node), class: 'result-link' }, displayName(node)),
      node.status === 'DISSOLVED' ? [' ', statusBadge(node.status, node.dissolvedOn)] : null),
    detail ? h('p', { class: 'detail' }, detail) : null,
    edge.highlights.length > 0
      ? h('dl', { class: 'highlights' }, edge.highlights.map((highlight) => [
        h('dt', null, fieldLabel(highlight.field)), h('dd', null, highlighted(highlight.snippet))]))
      : null);
}
