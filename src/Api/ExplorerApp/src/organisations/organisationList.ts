/**
 * A list of organisations that can run long (those running a model, working in an area, funded by a funder,
 * evaluated by evidence, or named like a search), with filters by status and region and a chart of where they are.
 * It is read from the API's organisations(where:) rather than the record's own connection, because a connection
 * nested in a record takes no filter and gives no facets: the record is one condition of the where ("base"), and
 * the status and region chosen on the page are two more, so the heading's count and every page are the API's
 * answer for the filtered list. The filters' own counts are of the whole list; the chart counts the list as shown.
 *
 * Order: by name, with the status in a column of its own and dissolved organisations marked by a badge, and the
 * status filter starting at "All". Sorting by the API's status key instead would put the organisations whose status
 * no source gives (the curated seed and INDIGO records) after the dissolved ones.
 */
import { run, type Operation } from '../api/graphql';
import { announce, append, h, type Child } from '../app/dom';
import { clearFiltersButton, filtersIn, filterSummary, recordFilters } from '../app/filters';
import { pagedListSection } from '../app/pagedList';
import { exportNodeOf, nodeLink, number, queryLink, type Column } from '../app/view';
import { pageSize } from '../entities/queries';
import { roleLabel } from '../entities/participations';
import type { ExportEdge, ExportNode } from '../export/formats';
import { noRegion, regionChart, type FacetCount } from './regionChart';
import { statusBadge, statusLabel } from './status';

export interface OrganisationRow {
  __typename: 'Organisation';
  id: string;
  name: string;
  status: string | null;
  dissolvedOn: string | null;
  region: string | null;
  legalForm: string | null;
  participations?: { role: string | null; roleDetail: string | null; model: { id: string } }[];
}

export interface OrganisationListOptions {
  id: string;
  title: string;
  empty: string;
  /** The operation's name, e.g. ModelOrganisations: what GraphiQL and the server's logs show. */
  operationName: string;
  /** The condition that makes the list, e.g. { models: { some: { key: { eq: "housing-first" } } } }. */
  base: Record<string, unknown>;
  exportName: string;
  context?: { node: ExportNode; edge: (row: OrganisationRow) => ExportEdge };
  /** The address of the page: the filters start from its status= and region=, and changing them rewrites it. */
  url: URL;
  /** The model these organisations run: each row then says the part it plays in it, in plain words and in its source's. */
  roleIn?: string;
  /** Draw the chart of organisations by region above the list. */
  chart?: boolean;
}

/** The fewest organisations a list needs for its chart by region. */
const chartFrom = 10;

/** A filter value meaning "none recorded" (the API's null). */
const none = 'none';

export interface OrganisationFilters {
  status: string;
  region: string;
}

/** The status and region filters of an address (status=ACTIVE|DISSOLVED|none, region=a region or none). */
export function organisationFiltersIn(url: URL): OrganisationFilters {
  const chosen = filtersIn(url, ['status', 'region']);
  return { status: ['ACTIVE', 'DISSOLVED', none].find((value) => value === chosen.status) ?? '', region: chosen.region };
}

export interface Facets {
  totalCount: number;
  facets: { status?: FacetCount[]; region: FacetCount[] } | null;
}

const facetsQuery = `query OrganisationFacets($where: OrganisationFilterInput!) {
  organisations(where: $where) {
    totalCount
    facets { status { value count } region { value count } }
  }
}`;

type FacetsAnswer = { facets: Facets } | { error: unknown };

async function facetsOf(where: Record<string, unknown>): Promise<FacetsAnswer> {
  try {
    return { facets: (await run<{ organisations: Facets }>({ query: facetsQuery, variables: { where } })).organisations };
  } catch (error) {
    return { error };
  }
}

function listQuery(operationName: string, withRoles: boolean): string {
  return `query ${operationName}($where: OrganisationFilterInput!, $first: Int!, $after: String) {
  organisations(where: $where, order: [{ name: ASC }], first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id name status dissolvedOn region legalForm${withRoles ? ' participations { role roleDetail model { id } }' : ''} }
  }
}`;
}

/** The API's where for the list with these filters. */
export function organisationWhere(base: Record<string, unknown>, filters: OrganisationFilters): Record<string, unknown> {
  const where: Record<string, unknown> = { ...base };
  if (filters.status) {
    where['status'] = { eq: filters.status === none ? null : filters.status };
  }
  if (filters.region) {
    where['region'] = { eq: filters.region === none ? null : filters.region };
  }
  return where;
}

export async function organisationListSection(options: OrganisationListOptions): Promise<HTMLElement> {
  const filters = organisationFiltersIn(options.url);
  const holder = h('div', { class: 'organisation-list' });
  // The whole list's counts by status and region name the filters' choices (a failure leaves the list without
  // them); read beside the list's first page rather than before it.
  const wholeAnswer = facetsOf(options.base);
  const form = h('form', { class: 'list-filters', 'aria-label': `Filter ${options.title.toLowerCase()}` });
  form.addEventListener('submit', (event) => event.preventDefault());
  const summary = h('p', { class: 'detail filter-summary', id: `${options.id}-filtered` });
  const chartHolder = h('div', { class: 'chart-holder' });

  let latest = 0;
  const render = async (focus?: HTMLElement) => {
    const request = ++latest;
    const where = organisationWhere(options.base, filters);
    const filtered = Boolean(filters.status || filters.region);
    holder.setAttribute('aria-busy', 'true');
    const [section, shown, whole] = await Promise.all([
      listOf(options, where, filters, [form, summary, chartHolder]),
      // The chart and the summary count the list as shown: the whole list's facets serve when nothing is filtered.
      filtered ? facetsOf(where) : wholeAnswer,
      wholeAnswer,
    ]);
    // A filter changed again while this answer was on its way: the later answer is the one to show.
    if (request !== latest) {
      return;
    }
    holder.removeAttribute('aria-busy');
    const total = 'facets' in shown ? shown.facets.totalCount : null;
    const wholeTotal = 'facets' in whole ? whole.facets.totalCount : null;
    summary.textContent = filtered ? filterSummary(describeOrganisations(filters), total, wholeTotal) : '';
    summary.hidden = !filtered;
    chartHolder.replaceChildren();
    append(chartHolder, [options.chart ? chartOf(options, shown, where, filters) : null]);
    holder.replaceChildren(section);
    focus?.focus();
    if (focus) {
      announce(summary.textContent || `All ${options.title.toLowerCase()} shown.`);
    }
  };

  const apply = (focus: HTMLElement) => {
    // The address keeps the filters, so the list can be shared and reloaded as it is.
    recordFilters({ status: filters.status, region: filters.region });
    void render(focus);
  };

  const first = render();
  const whole = await wholeAnswer;
  fillFilters(form, options, filters, 'facets' in whole ? whole.facets : null, apply);
  await first;
  return holder;
}

/**
 * The status and region selects (ids idPrefix-status and idPrefix-region): the choices the facets of the list hold,
 * each with its count there unless told not to count (where the facets are of another list than the one filtered).
 */
export function organisationFilterSelects(idPrefix: string, filters: OrganisationFilters, whole: Facets | null, counted = true): { status: HTMLSelectElement; region: HTMLSelectElement } {
  const shown = (count: number | undefined) => (counted && count !== undefined ? ` (${number(count)})` : '');
  const status = h('select', { id: `${idPrefix}-status`, name: 'status', 'data-filter': 'status' },
    h('option', { value: '' }, `All statuses${whole ? shown(whole.totalCount) : ''}`),
    [['ACTIVE', 'Active'], ['DISSOLVED', 'Dissolved'], [none, 'Status not recorded']].map(([value, label]) => {
      const count = whole?.facets?.status?.find((entry) => (entry.value ?? none) === value)?.count;
      return count === undefined && value !== filters.status && whole ? null
        : h('option', { value, selected: value === filters.status }, `${label}${shown(count)}`);
    }));
  const regions = [...(whole?.facets?.region ?? [])].sort((a, b) =>
    Number(a.value === null) - Number(b.value === null) || (a.value ?? '').localeCompare(b.value ?? ''));
  if (filters.region && !regions.some((entry) => (entry.value ?? none) === filters.region)) {
    regions.push({ value: filters.region === none ? null : filters.region, count: 0 });
  }
  const region = h('select', { id: `${idPrefix}-region`, name: 'region', 'data-filter': 'region' },
    h('option', { value: '' }, 'All regions'),
    regions.map((entry) => h('option', { value: entry.value ?? none, selected: (entry.value ?? none) === filters.region },
      `${entry.value ?? noRegion}${shown(entry.count)}`)));
  return { status, region };
}

/** The status and region choices, each with its count in the whole list; a change applies at once. */
function fillFilters(form: HTMLFormElement, options: OrganisationListOptions, filters: OrganisationFilters, whole: Facets | null, apply: (focus: HTMLElement) => void): void {
  const { status: statusSelect, region: regionSelect } = organisationFilterSelects(options.id, filters, whole);
  const clear = clearFiltersButton(options.id, options.title.toLowerCase(), Boolean(filters.status || filters.region), () => {
    filters.status = '';
    filters.region = '';
    statusSelect.value = '';
    regionSelect.value = '';
    changed(statusSelect);
  });
  // A filter that could not narrow the list (one status, or one region, in all) is left out, unless the address sets it.
  const choices = (facet: FacetCount[] | undefined) => (facet ?? []).filter((entry) => entry.count > 0).length;
  const statusField = h('div', { class: 'field', hidden: Boolean(whole) && choices(whole?.facets?.status) < 2 && !filters.status },
    h('label', { for: statusSelect.id }, 'Status'), statusSelect);
  const regionField = h('div', { class: 'field', hidden: Boolean(whole) && choices(whole?.facets?.region) < 2 && !filters.region },
    h('label', { for: regionSelect.id }, 'Region'), regionSelect);
  form.hidden = statusField.hidden && regionField.hidden;
  form.replaceChildren(statusField, regionField, clear);

  const changed = (focus: HTMLElement) => {
    clear.hidden = !filters.status && !filters.region;
    apply(focus);
  };
  statusSelect.addEventListener('change', () => {
    filters.status = statusSelect.value;
    changed(statusSelect);
  });
  regionSelect.addEventListener('change', () => {
    filters.region = regionSelect.value;
    changed(regionSelect);
  });
}

function listOf(options: OrganisationListOptions, where: Record<string, unknown>, filters: OrganisationFilters, intro: Child): Promise<HTMLElement> {
  const operation: Operation = { query: listQuery(options.operationName, Boolean(options.roleIn)), variables: { where } };
  const suffix = [filters.status ? (filters.status === none ? 'status-not-recorded' : filters.status.toLowerCase()) : null,
    filters.region ? (filters.region === none ? 'no-region' : filters.region) : null].filter(Boolean).join('-');
  return pagedListSection<OrganisationRow>({
    id: options.id, title: options.title,
    empty: filters.status || filters.region ? 'No organisation of this list matches the filters.' : options.empty,
    operation, pageSize,
    page: (data) => {
      const page = (data as { organisations: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Omit<OrganisationRow, '__typename'>[] } }).organisations;
      return { ...page, nodes: page.nodes.map((node) => ({ ...node, __typename: 'Organisation' as const })) };
    },
    exportName: suffix ? `${options.exportName}-${suffix}` : options.exportName,
    node: (row) => exportNodeOf(row, { status: row.status, region: row.region, legalForm: row.legalForm }),
    context: options.context,
    columns: columnsOf(options.roleIn),
    intro,
  });
}

function columnsOf(modelId: string | undefined): Column<OrganisationRow>[] {
  const roles = (row: OrganisationRow) => (row.participations ?? []).filter((participation) => participation.model.id === modelId);
  return [
    { header: 'Organisation', cell: nodeLink, value: (row) => row.name },
    ...(modelId ? [
      { header: 'Part it plays', cell: (row: OrganisationRow) => roles(row).map((p) => roleLabel(p.role)).join('; ') || '—',
        value: (row: OrganisationRow) => roles(row).map((p) => roleLabel(p.role)).join('; '), code: (row: OrganisationRow) => roles(row).map((p) => p.role ?? '').join('; ') },
      { header: 'In the source’s words', cell: (row: OrganisationRow) => roles(row).map((p) => p.roleDetail).filter(Boolean).join('; ') || '—',
        value: (row: OrganisationRow) => roles(row).map((p) => p.roleDetail).filter(Boolean).join('; ') },
    ] : []),
    { header: 'Status', cell: (row) => statusBadge(row.status, row.dissolvedOn), value: (row) => statusLabel(row.status), code: (row) => row.status },
    { header: 'Region', cell: (row) => row.region ?? '—', value: (row) => row.region },
    { header: 'Legal form', cell: (row) => row.legalForm ?? '—', value: (row) => row.legalForm },
  ];
}

function chartOf(options: OrganisationListOptions, shown: FacetsAnswer, where: Record<string, unknown>, filters: OrganisationFilters): Child {
  const link = queryLink({ query: facetsQuery, variables: { where } }, 'Open the chart’s query in GraphiQL');
  if (!('facets' in shown)) {
    return h('p', { class: 'error', role: 'alert' }, `The chart of organisations by region could not be read: ${shown.error instanceof Error ? shown.error.message : String(shown.error)}`);
  }
  const facets = shown.facets;
  const regions = facets.facets?.region ?? [];
  // A short list reads better than it looks: its region column says as much.
  if (facets.totalCount < chartFrom) {
    return null;
  }
  const what = filters.status || filters.region ? `${options.title}, by region (${describeOrganisations(filters)})` : `${options.title}, by region`;
  if (regions.filter((entry) => entry.count > 0).length < 2) {
    const only = regions.find((entry) => entry.count > 0);
    return h('p', { class: 'detail', id: `${options.id}-by-region` }, only?.value ? `All of them are in ${only.value}.` : 'No region is recorded for any of them.', ' ', link);
  }
  return h('div', { class: 'chart-block' },
    regionChart(`${options.id}-by-region`, `${what}: ${number(facets.totalCount)} in all`, regions),
    h('p', { class: 'detail' }, 'In England the ONS region, elsewhere the nation. ', link));
}

/** The chosen filters in words: "dissolved organisations in London". */
export function describeOrganisations(filters: OrganisationFilters): string {
  const status = filters.status === none ? 'organisations whose status is not recorded'
    : filters.status ? `${statusLabel(filters.status).toLowerCase()} organisations` : 'organisations';
  const region = filters.region === none ? ' with no region recorded' : filters.region ? ` in ${filters.region}` : '';
  return `${status}${region}`;
}
