/**
 * How two records are connected: pick both ends by search, and read the API's shortest paths (paths) as chains of
 * named records, each relationship in a sentence with what it says (part played, amount, effect, the rule that
 * derived it) and its sources. The ends and the longest path asked for live in the address
 * (/connections?from=&to=&hops=), so a connection can be shared; record pages and the graph view link here.
 */
import { run, type Operation } from '../api/graphql';
import { displayName, nodeRefFields, pageHref, typeLabel, type NodeRef } from '../api/nodes';
import { relationshipFields, type GraphRelationship } from '../api/relationships';
import { formatAmount, h, words } from '../app/dom';
import { applyFilters } from '../app/filters';
import { idCells, loading, nodeLink, number, pageHeading, queryLink, show, showError, sourceFields, sourceLinks, typeBadge, type Source } from '../app/view';
import { derivation, roleLabel } from '../entities/participations';
import { effectText } from '../entities/verdict';
import { exportButtons } from '../export/exportButtons';
import type { ExportData } from '../export/formats';
import { recordPicker, type PickedRecord } from './recordPicker';

interface PathRelationship extends GraphRelationship {
  instrument: string | null;
  note: string | null;
  sources: Source[];
}

interface GraphPath {
  length: number;
  nodes: NodeRef[];
  relationships: PathRelationship[];
}

/** The API's default longest path, and the most the explorer offers (the API's GraphViews:MaxPathHops by default). */
const defaultHops = 4;
const mostHops = 6;
const pathsShown = 10;

const endsQuery = `query ConnectionEnds($ids: [ID!]!) {
  nodes(ids: $ids) { ${nodeRefFields} ... on Organisation { region status } }
}`;

const pathsQuery = `query Connections($from: ID!, $to: ID!, $maxHops: Int, $first: Int) {
  paths(from: $from, to: $to, maxHops: $maxHops, first: $first) {
    length
    nodes { ${nodeRefFields} }
    relationships {
      ${relationshipFields} instrument note
      sources { ${sourceFields} }
    }
  }
}`;

/** Each relationship type as the verb of a sentence, read from its start to its end: "St Mungo's runs Housing First". */
const verbs: Record<string, string> = {
  RUNS: 'runs',
  TAKES_PART_IN: 'takes part in',
  WORKS_IN: 'works in',
  PARTNERS_WITH: 'works with',
  FUNDS: 'funds',
  ADDRESSES: 'addresses',
  TARGETS: 'aims to change',
  OUTCOME_IN: 'belongs to',
  EVALUATES: 'evaluates',
  EVIDENCE_IN: 'is about',
  REPORTS: 'reports an effect on',
};

function verb(type: string): string {
  return verbs[type] ?? words(type).toLowerCase();
}

export async function connectionsPage(url: URL): Promise<void> {
  const fromId = url.searchParams.get('from') || null;
  const toId = url.searchParams.get('to') || null;
  const hops = hopsFrom(url.searchParams.get('hops'));
  loading('the connection');
  try {
    const ids = [fromId, toId].filter((id): id is string => id !== null);
    const ends = ids.length > 0 ? (await run<{ nodes: (PickedRecord | null)[] }>({ query: endsQuery, variables: { ids } })).nodes : [];
    const from = fromId ? ends[0] ?? null : null;
    const to = toId ? ends[ids.length - 1] ?? null : null;
    const unknown = [fromId && !from ? fromId : null, toId && !to ? toId : null].filter(Boolean);

    // The ends and the hops are kept in the address as a list's filters are, so a connection can be shared and Back undoes a change.
    const pickers = h('div', { class: 'connection-ends' },
      recordPicker({ id: 'connection-from', label: 'From', purpose: 'Find the record to start from', chosen: from,
        onChoose: (record) => applyFilters({ from: record.id }, '#connection-to-q'), onClear: () => applyFilters({ from: '' }, '#connection-from-q') }),
      recordPicker({ id: 'connection-to', label: 'To', purpose: 'Find the record to reach', chosen: to,
        onChoose: (record) => applyFilters({ to: record.id }, '#connection-hops'), onClear: () => applyFilters({ to: '' }, '#connection-to-q') }));
    const hopsSelect = h('select', { id: 'connection-hops', name: 'hops' },
      Array.from({ length: mostHops }, (_, index) => index + 1).map((value) =>
        h('option', { value: String(value), selected: value === hops }, `${value} ${value === 1 ? 'relationship' : 'relationships'}`)));
    hopsSelect.addEventListener('change', () => applyFilters({ hops: hopsSelect.value === String(defaultHops) ? '' : hopsSelect.value }, '#connection-hops'));
    const controls = h('div', { class: 'filter-form connection-controls' },
      h('div', { class: 'field' }, h('label', { for: hopsSelect.id }, 'Longest path'), hopsSelect),
      from && to ? h('button', { type: 'button', class: 'secondary', id: 'connection-swap', onclick: () => applyFilters({ from: to.id, to: from.id }, '#connection-swap') }, 'Swap the ends') : null);

    const heading = from && to ? `How ${displayName(from)} and ${displayName(to)} are connected` : 'How are two records connected?';
    const intro = h('p', { class: 'lead' }, 'Choose two records: the shortest chains of relationships between them are listed, each step with what its source says.');
    if (unknown.length > 0 || !from || !to || from.id === to.id) {
      show(heading, pageHeading(heading, 'Connections', intro), pickers, controls,
        unknown.length > 0 ? h('div', { class: 'error', role: 'alert' }, h('p', null,
          `No record has the id ${unknown.join(' or ')}. Choose ${unknown.length > 1 ? 'both ends' : 'that end'} again.`)) : null,
        from && to && from.id === to.id ? h('p', { class: 'empty' }, 'Both ends are the same record; choose another for one of them.') : null);
      return;
    }

    const operation: Operation = { query: pathsQuery, variables: { from: from.id, to: to.id, maxHops: hops, first: pathsShown } };
    const paths = (await run<{ paths: GraphPath[] }>(operation)).paths;
    show(heading,
      pageHeading(heading, 'Connections', intro,
        h('div', { class: 'view-actions' },
          paths.length > 0 ? exportButtons('the connections', () => exportOf(from, to, paths)) : null,
          queryLink(operation, 'Open the paths query in GraphiQL'),
          h('a', { href: `/graph/${encodeURIComponent(from.id)}` }, `Graph around ${displayName(from)}`))),
      pickers, controls,
      pathsSummary(from, to, paths, hops),
      paths.map((path, index) => pathSection(path, index)));
  } catch (error) {
    showError('Connections', error);
  }
}

/** The address of this view between two records (either may be left for the reader to choose). */
export function connectionsHref(from: string, to?: string): string {
  const parameters = new URLSearchParams({ from });
  if (to) {
    parameters.set('to', to);
  }
  return `/connections?${parameters.toString()}`;
}

function hopsFrom(parameter: string | null): number {
  const value = Number(parameter);
  return Number.isInteger(value) && value >= 1 && value <= mostHops ? value : defaultHops;
}

function pathsSummary(from: NodeRef, to: NodeRef, paths: GraphPath[], hops: number): HTMLElement {
  if (paths.length === 0) {
    return h('section', { class: 'panel', id: 'connection-summary', 'aria-labelledby': 'connection-summary-heading' },
      h('h2', { id: 'connection-summary-heading' }, 'Not connected ', h('span', { class: 'count' }, '(0)')),
      h('p', { class: 'empty' }, `${displayName(from)} and ${displayName(to)} are not connected by a chain of ${hops} or fewer relationships.`),
      hops < mostHops ? h('p', null, h('a', { href: `/connections?${new URLSearchParams({ from: from.id, to: to.id, hops: String(mostHops) }).toString()}` },
        `Look for chains of up to ${mostHops} relationships`)) : null);
  }
  const shortest = paths[0]!.length;
  const more = paths.length === pathsShown ? ` The first ${pathsShown} are shown; there may be more.` : '';
  return h('p', { class: 'detail', id: 'connection-summary' },
    `${number(paths.length)} ${paths.length === 1 ? 'chain' : 'chains'} of at most ${hops} relationships, shortest first: the shortest has ${shortest} ${shortest === 1 ? 'step' : 'steps'}.${more}`);
}

/** One path: its records in order, and between each two the relationship joining them, in the direction it runs. */
function pathSection(path: GraphPath, index: number): HTMLElement {
  const id = `path-${index + 1}`;
  const steps = path.relationships.map((relationship, step) => {
    const here = path.nodes[step]!;
    const next = path.nodes[step + 1]!;
    const forward = relationship.from.id === here.id;
    const [subject, object] = forward ? [here, next] : [next, here];
    return h('li', { class: 'step' },
      h('p', { class: 'step-sentence' }, h('span', { 'aria-hidden': 'true', class: 'step-arrow' }, '↓ '),
        h('strong', null, displayName(subject)), ` ${verb(relationship.type)} `, h('strong', null, displayName(object))),
      relationshipFacts(relationship));
  });
  return h('section', { class: 'panel path', id, 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading` }, `Chain ${index + 1} `, h('span', { class: 'count' }, `(${path.length} ${path.length === 1 ? 'step' : 'steps'})`)),
    h('ol', { class: 'chain', 'aria-label': `Chain ${index + 1}, from ${displayName(path.nodes[0]!)} to ${displayName(path.nodes[path.nodes.length - 1]!)}` },
      path.nodes.flatMap((node, position) => [
        h('li', { class: 'chain-node' }, typeBadge(node.__typename), ' ', nodeLink(node)),
        steps[position] ?? null,
      ]).filter((item): item is HTMLLIElement => item !== null)));
}

/** What the relationship states beyond its type, each in words, and where it is stated. */
function relationshipFacts(relationship: PathRelationship): HTMLElement | null {
  const facts = [
    relationship.roleKind || relationship.role ? `as ${relationship.roleKind ? roleLabel(relationship.roleKind).toLowerCase() : ''}${relationship.role ? `${relationship.roleKind ? ' · ' : ''}${relationship.role}` : ''}` : null,
    relationship.type === 'FUNDS' && relationship.amount !== null ? formatAmount(relationship.amount, relationship.currency) : null,
    relationship.instrument ? words(relationship.instrument).toLowerCase() : null,
    relationship.year ? `in ${relationship.year}` : null,
    relationship.type === 'REPORTS' ? effectText(relationship.effect) : null,
  ].filter((fact): fact is string => Boolean(fact));
  const parts = [
    facts.length > 0 ? h('span', { class: 'step-facts' }, facts.join('; ')) : null,
    relationship.note ? h('span', { class: 'step-note' }, relationship.note) : null,
    derivation(relationship),
    // A relationship read from many projects cites them all; past two they fold, so the chain stays readable.
    relationship.sources.length > 2
      ? h('details', { class: 'step-sources' }, h('summary', null, `Sources (${relationship.sources.length})`), sourceLinks(relationship.sources))
      : sourceLinks(relationship.sources),
  ].filter((part): part is HTMLElement => part !== null);
  return parts.length > 0 ? h('div', { class: 'detail step-detail' }, parts.flatMap((part, index) => (index > 0 ? [' ', part] : [part]))) : null;
}

/** CSV: one row per step of each chain, with both records' ids and pages; GraphML: the records and relationships once each. */
function exportOf(from: NodeRef, to: NodeRef, paths: GraphPath[]): ExportData {
  const nodes = new Map<string, NodeRef>();
  const relationships = new Map<string, PathRelationship>();
  paths.forEach((path) => {
    path.nodes.forEach((node) => nodes.set(node.id, node));
    path.relationships.forEach((relationship) => relationships.set(relationship.id, relationship));
  });
  const named = (id: string) => nodes.get(id)!;
  return {
    name: `connections-${displayName(from)}-${displayName(to)}`,
    description: `Chains of relationships between ${displayName(from)} and ${displayName(to)}, shortest first: the ${paths.length} shown.`,
    columns: ['chain', 'step', 'from', 'from type', 'relationship', 'relationship (code)', 'to', 'to type', 'part played', 'part played (code)',
      'role in the source', 'amount', 'currency', 'instrument', 'year', 'effect', 'note', 'derived by rule', 'sources',
      'from id', 'from page', 'to id', 'to page'],
    rows: paths.flatMap((path, chain) => path.relationships.map((r, step) => [
      chain + 1, step + 1, displayName(named(r.from.id)), typeLabel(named(r.from.id).__typename), verb(r.type), r.type,
      displayName(named(r.to.id)), typeLabel(named(r.to.id).__typename), r.roleKind ? roleLabel(r.roleKind) : null, r.roleKind,
      r.role, r.amount, r.currency, r.instrument ? words(r.instrument) : null, r.year, r.type === 'REPORTS' ? effectText(r.effect) : null, r.note,
      r.rule, r.sources.map((source) => source.url ?? source.title).join('; '),
      ...idCells({ id: r.from.id, type: named(r.from.id).__typename }), ...idCells({ id: r.to.id, type: named(r.to.id).__typename }),
    ])),
    nodes: [...nodes.values()].map((node) => ({ id: node.id, type: node.__typename, label: displayName(node), attributes: { page: new URL(pageHref(node), window.location.origin).href } })),
    edges: [...relationships.values()].map((r) => ({ source: r.from.id, target: r.to.id, type: r.type,
      attributes: { roleKind: r.roleKind, role: r.role, amount: r.amount, currency: r.currency, instrument: r.instrument, year: r.year, effect: r.effect, note: r.note, rule: r.rule, readValue: r.readValue } })),
  };
}
