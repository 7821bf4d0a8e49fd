/**
 * Search across every type, with type filters, counts per type and the API's highlighted matches. Limited to
 * organisations, the results can be filtered by status and region; limited to models, by family, verdict and strength
 * of evidence: the API's search holds the results of a type to that type's where (its organisations: and models:
 * arguments), so the list, its total and its pages are the API's. All of it is kept in the address.
 */
import { run, type Operation } from '../api/graphql';
import { displayName, nodeTypes, pageHref, typeLabel, type NodeRef, type NodeType } from '../api/nodes';
import { announce, fieldLabel, h, highlighted, words } from '../app/dom';
import { addressWith, clearFiltersButton, filterSummary, readable } from '../app/filters';
import { navigate } from '../app/router';
import { idCells, idColumns, loading, number, pageHeading, queryLink, show, showError, typeBadge } from '../app/view';
import { exportButtons } from '../export/exportButtons';
import { describeModels, familySelect, isFiltered, modelFiltersIn, modelWhere, strengthSelect, type ModelFilters } from '../entities/modelFilters';
import { designLabel, loadVerdictMeanings, verdictSelect, type VerdictMeanings } from '../entities/verdict';
import {
  describeOrganisations, organisationFilterSelects, organisationFiltersIn, organisationWhere, type Facets, type OrganisationFilters,
} from '../organisations/organisationList';
import type { FacetCount } from '../organisations/regionChart';
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

const searchQuery = `query Search($query: String!, $types: [SearchableType!], $organisations: OrganisationFilterInput, $models: ModelFilterInput, $first: Int, $after: String) {
  search(query: $query, types: $types, organisations: $organisations, models: $models, first: $first, after: $after) {
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

/** The filters of the results of a type, offered when the search is limited to that type. */
interface ResultFilters {
  organisations: OrganisationFilters;
  /** Family, verdict and strength: a model's area and region are not among a search's filters. */
  models: ModelFilters;
}

/** The address's parameters of each type's filters. */
const filterParameters = { Organisation: ['status', 'region'], Model: ['family', 'verdict', 'strength'] } as const;

/** The values the filters offer: those the whole graph holds (a search has no facets, so they are not counted). */
interface FilterChoices {
  organisations: Facets | null;
  models: { family: FacetCount[]; bestEvidenceLevel: FacetCount[] } | null;
}

const choicesQuery = (organisations: boolean, models: boolean) => `query SearchFilterChoices {
${organisations ? '  organisations { totalCount facets { status { value count } region { value count } } }\n' : ''}${models ? '  models { facets { family { value count } bestEvidenceLevel { value count } } }\n' : ''}}`;

async function loadChoices(chosen: NodeType[]): Promise<FilterChoices> {
  const organisations = chosen.includes('Organisation');
  const models = chosen.includes('Model');
  if (!organisations && !models) {
    return { organisations: null, models: null };
  }
  const data = await run<{ organisations?: Facets; models?: { facets: FilterChoices['models'] } }>({ query: choicesQuery(organisations, models) });
  return { organisations: data.organisations ?? null, models: data.models?.facets ?? null };
}

function isOrganisationFiltered(filters: OrganisationFilters): boolean {
  return Boolean(filters.status || filters.region);
}

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
  try {
    const known = await loadVerdictMeanings();
    // A type's filters hold only while the search is limited to it (and others ticked with it).
    const filters: ResultFilters = {
      organisations: chosen.includes('Organisation') ? organisationFiltersIn(url) : { status: '', region: '' },
      models: chosen.includes('Model') ? { ...modelFiltersIn(url, known), area: '', region: '' } : { area: '', family: '', verdicts: [], strength: null, region: '' },
    };
    const operation: Operation = {
      query: searchQuery,
      variables: {
        query: text,
        types: chosen.length > 0 ? chosen.map((type) => nodeTypes[type].searchType) : null,
        organisations: isOrganisationFiltered(filters.organisations) ? organisationWhere({}, filters.organisations) : null,
        models: isFiltered(filters.models) ? modelWhere(filters.models) : null,
        first: pageSize,
      },
    };
    const [data, counts, choices] = await Promise.all([
      run<SearchData>(operation),
      run<Record<NodeType, { totalCount: number }>>({ query: countsQuery, variables: { query: text } }),
      loadChoices(chosen),
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

    const filtered = isOrganisationFiltered(filters.organisations) || isFiltered(filters.models);
    // Of how many: the results of the types searched, before the filters.
    const before = (chosen.length > 0 ? chosen : types).reduce((sum, type) => sum + counts[type].totalCount, 0);
    const title = `Search: ${text}`;
    const organisationsNamed = `/organisations?${readable(new URLSearchParams([['q', text],
      ...(['status', 'region'] as const).flatMap((name) => (filters.organisations[name] ? [[name, filters.organisations[name]]] : []))]))}`;
    show(title,
      pageHeading(`Results for “${text}”`, 'Search'),
      searchForm(text, chosen, counts, { filters, choices, known }),
      h('div', { class: 'view-actions' },
        h('p', { class: 'result-count', id: 'result-count' }, `${data.search.totalCount} result${data.search.totalCount === 1 ? '' : 's'}`,
          chosen.length > 0 ? ` among ${chosen.map((type) => nodeTypes[type].plural.toLowerCase()).join(', ')}` : '', ', best match first.'),
        edges.length > 0 ? exportButtons('search results', exportData) : null,
        queryLink(operation)),
      filtered ? h('p', { class: 'detail filter-summary', id: 'search-filtered' },
        filterSummary(describeFilters(filters, chosen), data.search.totalCount, before)) : null,
      // The organisations list holds those whose names contain the words as written, charted by region.
      counts.Organisation.totalCount > 0 ? h('p', { class: 'detail', id: 'organisations-named' },
        h('a', { href: organisationsNamed }, `Organisations named “${text}”, by status and region`),
        ': the list whose names contain these words as written, with a chart by region.') : null,
      edges.length === 0
        ? h('p', { class: 'empty' }, filtered
          ? 'Nothing that matches every word meets the filters. Clear the filters, or try fewer words.'
          : 'Nothing matches every word. Try fewer or shorter words (“homeless” also finds “homelessness”), or clear the type filters.')
        : list,
      moreButton);
  } catch (error) {
    showError(`Search: ${text}`, error);
  }
}

/** "active organisations in North East and co-operative models (other types as found)". */
function describeFilters(filters: ResultFilters, chosen: NodeType[]): string {
  const described = [
    isOrganisationFiltered(filters.organisations) ? describeOrganisations(filters.organisations) : null,
    isFiltered(filters.models) ? describeModels(filters.models) : null,
  ].filter(Boolean);
  const others = chosen.some((type) => !(type === 'Organisation' && isOrganisationFiltered(filters.organisations)) && !(type === 'Model' && isFiltered(filters.models)));
  return `${described.join(' and ')}${others ? ' (the other types as found)' : ''}`;
}

interface FilterOptions {
  filters: ResultFilters;
  choices: FilterChoices;
  known: VerdictMeanings;
}

/** The filters of each type the search is limited to that has them; a change applies at once, as a ticked type does. */
function resultFilters(options: FilterOptions): HTMLElement[] {
  const { filters, choices, known } = options;
  const parts: HTMLElement[] = [];
  const field = (select: HTMLSelectElement, label: string) => h('div', { class: 'field' }, h('label', { for: select.id }, label), select);
  if (choices.organisations) {
    const selects = organisationFilterSelects('search', filters.organisations, choices.organisations, false);
    parts.push(h('fieldset', { class: 'result-filters', 'data-type': 'Organisation' },
      h('legend', null, 'Organisations found'), field(selects.status, 'Status'), field(selects.region, 'Region')));
  }
  if (choices.models) {
    parts.push(h('fieldset', { class: 'result-filters', 'data-type': 'Model' },
      h('legend', null, 'Models found'),
      field(familySelect('search-family', filters.models.family, undefined, choices.models.family, false), 'Family'),
      field(verdictSelect('search-verdict', filters.models.verdicts, null, null, known), 'Does it work?'),
      field(strengthSelect('search-strength', filters.models.strength, undefined, choices.models.bestEvidenceLevel, false), 'Strongest evidence')));
  }
  if (parts.length > 0) {
    const filtered = isOrganisationFiltered(filters.organisations) || isFiltered(filters.models);
    parts.push(h('div', { class: 'filter-actions' }, clearFiltersButton('search', 'the results', filtered, () => {
      const cleared = Object.fromEntries(Object.values(filterParameters).flat().map((name) => [name, '']));
      navigate(addressWith(new URL(window.location.href), cleared), { focus: '#search-q' });
    })));
  }
  return parts;
}

function searchForm(text: string, chosen: NodeType[], counts?: Record<NodeType, { totalCount: number }>, filters?: FilterOptions): HTMLElement {
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
        counts ? h('span', { class: 'count' }, ` (${number(counts[type].totalCount)})`) : null))),
    filters ? resultFilters(filters) : null);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitSearch(form);
  });
  // A ticked or cleared type, or a filter chosen, applies at once, as on the evidence portals; the query stays as typed.
  form.addEventListener('change', (event) => {
    const control = event.target as HTMLInputElement | HTMLSelectElement;
    if (!text) {
      return;
    }
    if (control instanceof HTMLInputElement && control.type === 'checkbox') {
      submitSearch(form, `.type-filters input[value="${control.value}"]`);
    } else if (control instanceof HTMLSelectElement) {
      submitSearch(form, `#${control.id}`);
    }
  });
  return form;
}

/** The search as an address: its words, the types ticked, and the filters of those of them that have filters. */
function submitSearch(form: HTMLFormElement, focus?: string): void {
  const data = new FormData(form);
  const parameters = new URLSearchParams();
  parameters.set('q', String(data.get('q') ?? '').trim());
  const ticked = data.getAll('type').map(String);
  for (const type of ticked) {
    parameters.append('type', type);
  }
  for (const [type, names] of Object.entries(filterParameters)) {
    for (const name of names) {
      const value = String(data.get(name) ?? '');
      if (ticked.includes(type) && value) {
        parameters.set(name, value);
      }
    }
  }
  navigate(`/search?${readable(parameters)}`, focus ? { focus } : {});
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
