/** The parts every view is made of: heading, the query behind it, sections with counts and exports, errors. */
import { graphiqlHref, type Operation } from '../api/graphql';
import { pageHref, displayName, isNodeType, typeLabel, type NodeRef } from '../api/nodes';
import { exportButtons } from '../export/exportButtons';
import type { Cell, ExportData, ExportEdge, ExportNode } from '../export/formats';
import { h, type Child } from './dom';

export interface Source {
  id: string;
  title: string;
  publisher?: string | null;
  url?: string | null;
  retrieved?: string | null;
  licence?: string | null;
}

export const sourceFields = 'id title publisher url retrieved licence';

export function main(): HTMLElement {
  return document.getElementById('main') as HTMLElement;
}

/** Replaces the main region with a view, titles the document and moves focus to the heading (for keyboard and screen readers). */
export function show(title: string, ...content: Child[]): void {
  const region = main();
  region.replaceChildren();
  for (const child of content.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      region.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child as Node);
    }
  }
  document.title = `${title} · Social-economy explorer`;
  const heading = region.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  }
}

export function loading(what: string): void {
  main().replaceChildren(h('p', { class: 'loading', role: 'status' }, `Loading ${what}…`));
}

export function showError(title: string, error: unknown): void {
  show(title, h('h1', null, title), h('div', { class: 'error', role: 'alert' },
    h('p', null, error instanceof Error ? error.message : String(error)),
    h('p', null, h('a', { href: '/' }, 'Back to the start'))));
}

/** The link that opens a view's GraphQL query in GraphiQL. */
export function queryLink(operation: Operation, label = 'Open this view’s query in GraphiQL'): HTMLAnchorElement {
  return h('a', { class: 'query-link', href: graphiqlHref(operation), 'data-external': true, 'data-graphiql': true }, label);
}

export function pageHeading(title: string, kind: string | null, ...extra: Child[]): HTMLElement {
  return h('div', { class: 'page-heading' },
    kind ? h('p', { class: 'kind' }, kind) : null,
    h('h1', null, title),
    extra);
}

export function nodeLink(node: NodeRef): HTMLAnchorElement {
  return h('a', { href: pageHref(node) }, displayName(node));
}

export function externalLink(url: string, text?: string): HTMLAnchorElement {
  return h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', 'data-external': true }, text ?? url,
    h('span', { class: 'visually-hidden' }, ' (opens in a new tab)'));
}

/** A fact's sources, each one click away: its own address, or its page when it has none. */
export function sourceLinks(sources: Source[], label = 'Source'): HTMLElement | null {
  if (sources.length === 0) {
    return null;
  }
  return h('span', { class: 'sources' }, `${label}${sources.length > 1 ? 's' : ''}: `,
    sources.map((source, index) => [
      index > 0 ? '; ' : null,
      source.url ? externalLink(source.url, source.title) : h('a', { href: pageHref({ __typename: 'Source', id: source.id }) }, source.title),
    ]));
}

export function sourcesSection(sources: Source[]): HTMLElement {
  return h('section', { class: 'panel', 'aria-labelledby': 'sources-heading' },
    h('h2', { id: 'sources-heading' }, 'Sources ', h('span', { class: 'count' }, `(${sources.length})`)),
    sources.length === 0 ? h('p', null, 'No sources recorded.') : h('ul', { class: 'source-list' }, sources.map((source) => h('li', null,
      source.url ? externalLink(source.url, source.title) : source.title,
      source.publisher ? `, ${source.publisher}` : null,
      source.retrieved ? `, read ${source.retrieved}` : null,
      source.licence ? ` (licence: ${source.licence})` : null,
      ' · ', h('a', { href: pageHref({ __typename: 'Source', id: source.id }) }, 'source record')))));
}

export interface Column<T> {
  header: string;
  cell: (row: T) => Child;
  /** The value exported to CSV, as the page words it. */
  value: (row: T) => Cell;
  /** The API's code behind a worded value (e.g. SERVICE_PROVIDER for "Service provider"): CSV gets it in a column of its own beside the words. */
  code?: (row: T) => Cell;
}

/** A table in a box that scrolls sideways when the table is wider, with a note above it saying so while it is. */
export function dataTable<T>(caption: string, rows: T[], columns: Column<T>[]): HTMLElement {
  const wrap = h('div', { class: 'table-wrap' }, h('table', null,
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', null, h('tr', null, columns.map((column) => h('th', { scope: 'col' }, column.header)))),
    h('tbody', null, rows.map((row) => h('tr', null, columns.map((column, index) =>
      index === 0 ? h('th', { scope: 'row' }, column.cell(row)) : h('td', null, column.cell(row))))))));
  const cue = h('p', { class: 'scroll-cue', hidden: true }, `Scroll the table sideways to see all ${columns.length} columns →`);
  const block = h('div', { class: 'table-block' }, cue, wrap);
  new ResizeObserver(() => {
    const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    cue.hidden = !scrolls;
    block.classList.toggle('scrolls', scrolls);
  }).observe(wrap);
  return block;
}

export interface ListOptions<T> {
  id: string;
  title: string;
  rows: T[];
  columns: Column<T>[];
  /** Total when the list shows a page of a longer one. */
  total?: number;
  /** What the rows cover when they are not the whole of what the title names, though no total says so (e.g. fundings of the first 200 organisations). */
  partial?: string;
  /** Under the table, e.g. the button that loads the next page. */
  footer?: Child;
  empty: string;
  exportName: string;
  node: (row: T) => ExportNode;
  /** The node the list belongs to, and the relationship from it to each row, for GraphML. */
  context?: { node: ExportNode; edge: (row: T) => ExportEdge };
  intro?: Child;
}

/** A titled list of related things with its count, as a table, with CSV and GraphML of what it shows. */
export function listSection<T>(options: ListOptions<T>): HTMLElement {
  const shown = options.rows.length;
  const cut = options.total !== undefined && options.total > shown;
  const count = cut ? `(${number(options.total ?? 0)}; the first ${number(shown)} shown)` : `(${number(shown)})`;
  // A download of part of a list says so: in its file name (CSV has no place for a note) and in GraphML's <desc>.
  const partial = cut ? `the first ${shown} of ${options.total ?? 0}` : options.partial;
  const exportData = (): ExportData => ({
    name: cut ? `${options.exportName}-first-${shown}-of-${options.total ?? 0}` : options.partial ? `${options.exportName}-partial` : options.exportName,
    description: partial ? `${options.title}: ${partial}, not the whole list.` : undefined,
    columns: [...options.columns.flatMap((column) => (column.code ? [column.header, `${column.header} (code)`] : [column.header])), ...idColumns],
    rows: options.rows.map((row) => [
      ...options.columns.flatMap((column) => (column.code ? [column.value(row), column.code(row)] : [column.value(row)])),
      ...idCells(options.node(row)),
    ]),
    nodes: [...(options.context ? [options.context.node] : []), ...options.rows.map(options.node)],
    edges: options.context ? options.rows.map(options.context.edge) : [],
  });
  return h('section', { class: 'panel', id: options.id, 'aria-labelledby': `${options.id}-heading` },
    h('div', { class: 'section-head' },
      h('h2', { id: `${options.id}-heading` }, options.title, ' ', h('span', { class: 'count' }, count)),
      shown > 0 ? exportButtons(options.title.toLowerCase(), exportData) : null),
    options.intro ?? null,
    shown > 0 && partial ? h('p', { class: 'detail partial-note' }, cut
      ? `Showing the first ${number(shown)} of ${number(options.total ?? 0)}. Downloads hold the ${number(shown)} shown.`
      : `Downloads hold what is shown: ${options.partial ?? ''}.`) : null,
    shown === 0 ? h('p', { class: 'empty' }, options.empty) : dataTable(options.title, options.rows, options.columns),
    options.footer ?? null);
}

/** The columns every CSV of records ends with: names can repeat, ids cannot, and the page shows the record. */
export const idColumns = ['id', 'page'];

/** A record's id and the absolute address of its page on this explorer (empty for a record the list could not name). */
export function idCells(node: { id: string; type: string }): Cell[] {
  return isNodeType(node.type) ? [node.id, new URL(pageHref({ __typename: node.type, id: node.id }), window.location.origin).href] : [null, null];
}

/** A section whose list could not be read: its title and what went wrong, so the rest of the page still stands. */
export function failedSection(id: string, title: string, error: unknown): HTMLElement {
  return h('section', { class: 'panel', id, 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading` }, title),
    h('div', { class: 'error', role: 'alert' }, h('p', null, `This list could not be read: ${error instanceof Error ? error.message : String(error)}`)));
}

/** A count as people write it: 3,694. */
export function number(value: number): string {
  return value.toLocaleString('en-GB');
}

export function exportNodeOf(node: NodeRef, attributes?: Record<string, Cell>): ExportNode {
  return { id: node.id, type: node.__typename, label: displayName(node), attributes: attributes ?? {} };
}

export function typeBadge(typename: string): HTMLElement {
  return h('span', { class: `badge type-${typename}` }, typeLabel(typename));
}

/** The datasets a record can come from (the API's origin), named as their publishers name them. */
const datasets: Record<string, string> = {
  seed: 'the curated seed data',
  indigo: 'INDIGO, the Government Outcomes Lab’s impact bond data',
  'coops-uk': 'the Co-operatives UK open data',
};

/** Where a record came from, in words: "the Co-operatives UK open data" for origin "coops-uk". */
export function datasetLabel(origin: string | null | undefined): string {
  const code = origin ?? 'seed';
  return datasets[code] ?? `the ${code} dataset`;
}

/** A badge on a record imported from an open dataset, so it is never taken for a curated one; none on curated records. */
export function datasetBadge(origin: string | null | undefined): HTMLElement | null {
  return origin && origin !== 'seed' ? h('span', { class: 'badge dataset-badge', 'data-origin': origin }, `Imported from ${datasetLabel(origin)}`) : null;
}
