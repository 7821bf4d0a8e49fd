/**
 * The evidence-and-gap map: challenge areas (rows) by outcomes (columns), each cell shaded by its number of evidence
 * items and showing the best rating and the number of models tried there; a cell opens its evidence list below the
 * map, and empty cells read as gaps, marked apart where models are tried without evidence.
 */
import { run, type Operation } from '../api/graphql';
import { h, words } from '../app/dom';
import { navigate } from '../app/router';
import { exportNodeOf, listSection, loading, nodeLink, number, pageHeading, queryLink, show, showError } from '../app/view';
import { exportButtons } from '../export/exportButtons';
import type { ExportData } from '../export/formats';
import { plural, strongText, trialsAndReviews, type DesignCount } from '../entities/evidenceStatus';
import { loadScales, ratingBadge, ratingCode, ratingExplained, type MaybeRating, type ScaleInfo } from '../entities/rating';
import { designLabel } from '../entities/verdict';

type Named = { __typename: string; id: string; name: string };
type MapArea = Named & { depth: number; evidenceStatus: { evidenceCount: number; byDesign: DesignCount[]; statement: string | null } };
interface MapCell {
  challengeArea: { id: string };
  outcome: { id: string };
  evidenceCount: number;
  isGap: boolean;
  modelCount: number;
  bestRating: { scale: string; level: number } | null;
  effects: { positive: number; noEffect: number; negative: number; mixed: number; unstated: number };
}
interface EvidenceMapData {
  evidenceMap: { within: Named | null; challengeAreas: MapArea[]; outcomes: Named[]; gapCount: number; cells: MapCell[] };
  areas: { nodes: Named[] };
}

const mapQuery = `query EvidenceMap($within: ID) {
  evidenceMap(within: $within) {
    within { __typename id name }
    challengeAreas { __typename id name depth evidenceStatus { evidenceCount byDesign { design count } statement } }
    outcomes { __typename id name }
    gapCount
    cells {
      challengeArea { id } outcome { id }
      evidenceCount isGap modelCount
      bestRating { scale level }
      effects { positive noEffect negative mixed unstated }
    }
  }
  areas: challengeAreas(where: { depth: { eq: 0 } }, order: [{ name: ASC }], first: 50) { nodes { __typename id name } }
}`;

const cellQuery = `query EvidenceMapCell($area: ID!, $outcome: ID!) {
  evidenceMap(within: $area, outcomes: [$outcome]) {
    challengeAreas { __typename id name }
    outcomes { __typename id name }
    cells {
      challengeArea { id }
      evidence { __typename id title year design rating { scale level label reason } findings { outcome { id } effect note } }
    }
  }
}`;

export async function gapMapPage(url: URL): Promise<void> {
  const within = url.searchParams.get('within');
  const openArea = url.searchParams.get('area');
  const openOutcome = url.searchParams.get('outcome');
  loading('the evidence and gap map');
  const operation: Operation = { query: mapQuery, variables: { within } };
  try {
    const [data, scales] = await Promise.all([run<EvidenceMapData>(operation), loadScales()]);
    const map = data.evidenceMap;
    const cells = new Map(map.cells.map((cell) => [`${cell.challengeArea.id}|${cell.outcome.id}`, cell]));
    const areaName = new Map(map.challengeAreas.map((area) => [area.id, area.name]));
    const outcomeName = new Map(map.outcomes.map((outcome) => [outcome.id, outcome.name]));
    const mapAddress = (area?: string, outcome?: string) => {
      const parameters = new URLSearchParams();
      if (within) {
        parameters.set('within', within);
      }
      if (area && outcome) {
        parameters.set('area', area);
        parameters.set('outcome', outcome);
      }
      const query = parameters.toString();
      return `/gap-map${query ? `?${query}` : ''}`;
    };

    const picker = h('form', { class: 'filter-form', 'aria-label': 'Choose the area of the map' },
      h('div', { class: 'field' }, h('label', { for: 'gap-within' }, 'Challenge area'),
        h('select', { id: 'gap-within', name: 'within' }, h('option', { value: '' }, 'All areas'),
          data.areas.nodes.map((area) => h('option', { value: area.id, selected: area.id === within }, area.name)))),
      h('button', { type: 'submit' }, 'Show map'));
    picker.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = (picker.querySelector('select') as HTMLSelectElement).value;
      navigate(value ? `/gap-map?within=${encodeURIComponent(value)}` : '/gap-map');
    });

    const evidenced = map.cells.filter((cell) => !cell.isGap).length;
    const practised = map.cells.filter((cell) => cell.isGap && cell.modelCount > 0).length;
    const links: HTMLAnchorElement[][] = [];
    const table = h('table', { class: 'gap-map', id: 'gap-map', role: 'grid', 'aria-describedby': 'gap-map-keys' },
      h('caption', null, h('span', null, `${map.challengeAreas.length} challenge areas by ${map.outcomes.length} outcomes: ${evidenced} cells with evidence, `
        + `${map.gapCount} gaps, of which ${practised} with models tried but no evidence.`)),
      h('thead', null, h('tr', null, h('th', { scope: 'col', class: 'corner' }, 'Challenge area \\ outcome'),
        h('th', { scope: 'col', class: 'status-head' }, 'Evidence items ', h('span', { class: 'detail' }, '(trials or systematic reviews)')),
        map.outcomes.map((outcome) => h('th', { scope: 'col', class: 'outcome-head' }, h('span', null, outcome.name))))),
      h('tbody', null, map.challengeAreas.map((area) => {
        const areaLink = h('a', { href: `/challenge-area/${encodeURIComponent(area.id)}`, 'data-area': area.id }, area.name);
        const statusLink = areaStatusLink(area);
        const row: HTMLAnchorElement[] = [areaLink, statusLink];
        links.push(row);
        return h('tr', null,
          h('th', { scope: 'row', class: `area-head depth-${Math.min(area.depth, 3)}` }, areaLink),
          h('td', { class: 'area-status' }, statusLink),
          map.outcomes.map((outcome) => {
            const cell = cells.get(`${area.id}|${outcome.id}`);
            const count = cell?.evidenceCount ?? 0;
            const models = cell?.modelCount ?? 0;
            const shade = count === 0 ? 0 : count === 1 ? 1 : count <= 3 ? 2 : 3;
            const best = cell?.bestRating ? `best ${words(cell.bestRating.scale)} level ${cell.bestRating.level}` : '';
            const tried = `${models} model${models === 1 ? '' : 's'}`;
            const description = count === 0
              ? `${area.name} and ${outcome.name}: no evidence, a gap${models > 0 ? `, but ${tried} tried here` : ', no models either'}`
              : `${area.name} and ${outcome.name}: ${count} evidence item${count === 1 ? '' : 's'}, ${best}; ${models > 0 ? tried : 'no models'}`;
            const open = area.id === openArea && outcome.id === openOutcome;
            const link = h('a', { href: mapAddress(area.id, outcome.id), title: description, 'aria-current': open ? 'true' : null,
              'data-count': count, 'data-models': models, 'data-area': area.id, 'data-outcome': outcome.id },
            // What a screen reader says starts with what the cell shows, then names the row and column.
            count === 0 ? h('span', { class: 'gap' }, 'gap') : [h('span', { class: 'n' }, String(count)), cell?.bestRating ? h('span', { class: 'best' }, `L${cell.bestRating.level}`) : null],
            models > 0 ? h('span', { class: 'models' }, tried) : null,
            h('span', { class: 'visually-hidden' }, `: ${description}`));
            row.push(link);
            return h('td', { class: `cell shade-${shade}${count === 0 && models > 0 ? ' practice' : ''}${open ? ' open' : ''}` }, link);
          }));
      })));

    const exportData = (): ExportData => ({
      name: `evidence-map${map.within ? `-${map.within.name}` : ''}`,
      columns: ['challenge area', 'outcome', 'evidence items', 'models', 'best rating scale', 'best rating level', 'positive', 'no effect', 'negative', 'mixed', 'unstated'],
      rows: map.cells.map((cell) => [areaName.get(cell.challengeArea.id), outcomeName.get(cell.outcome.id), cell.evidenceCount, cell.modelCount,
        cell.bestRating?.scale, cell.bestRating?.level, cell.effects.positive, cell.effects.noEffect, cell.effects.negative, cell.effects.mixed, cell.effects.unstated]),
      nodes: [...map.challengeAreas.map((area) => exportNodeOf(area)), ...map.outcomes.map((outcome) => exportNodeOf(outcome))],
      // A gap where models are tried is an edge too, so the graph shows practice without evidence as the map does.
      edges: map.cells.filter((cell) => !cell.isGap || cell.modelCount > 0).map((cell) => ({ source: cell.challengeArea.id, target: cell.outcome.id,
        type: cell.isGap ? 'PRACTICE_WITHOUT_EVIDENCE' : 'EVIDENCE_FOR',
        attributes: { evidenceCount: cell.evidenceCount, models: cell.modelCount, bestScale: cell.bestRating?.scale, bestLevel: cell.bestRating?.level } })),
    });

    const title = map.within ? `Evidence and gap map: ${map.within.name}` : 'Evidence and gap map';
    const parts = [
      pageHeading(title, null,
        h('p', { class: 'lead' }, 'Each cell counts the evidence about an area (and the areas beneath it) that reports on an outcome; darker means more. ',
          '“L” gives the best rating level in the cell, and “models” how many models address the area and aim at the outcome, outcomes partnerships included. ',
          'Select a cell to list its evidence; a cell marked “gap” has none, and a striped gap is practice without evidence. ',
          'Beside each area, its evidence items (in brackets, the randomised controlled trials and systematic reviews among them); '
          + '“thin” marks an area where a source says the evidence is thin or absent.'),
        h('div', { class: 'view-actions' }, exportButtons('the map', exportData), queryLink(operation))),
      picker,
      h('ul', { class: 'legend', 'aria-label': 'Shading and marks' },
        h('li', null, h('span', { class: 'swatch shade-0' }), 'gap: no evidence, no models'),
        h('li', null, h('span', { class: 'swatch shade-0 practice' }), 'gap, but practice: models, no evidence'),
        h('li', null, h('span', { class: 'swatch shade-1' }), '1 item'),
        h('li', null, h('span', { class: 'swatch shade-2' }), '2 to 3'), h('li', null, h('span', { class: 'swatch shade-3' }), '4 or more'),
        h('li', null, h('span', { class: 'status-mark' }, 'thin'), ' a source says the area’s evidence is thin or absent')),
      h('p', { id: 'gap-map-keys', class: 'detail' }, 'The map is one stop for the Tab key: the arrow keys move between its cells, Home and End to the ends of a row, Enter opens a cell.'),
      h('div', { class: 'table-wrap gap-map-wrap', role: 'region', 'aria-label': 'Evidence and gap map, scrolls both ways' }, table),
    ];
    const start = links.flat().find((link) => link.getAttribute('aria-current') === 'true') ?? links[0]?.[2] ?? links[0]?.[0];
    if (start) {
      rovingFocus(table, links, start);
    }
    if (openArea && openOutcome) {
      parts.push(await cellSection(openArea, openOutcome, scales));
    }
    show(title, ...parts);
    if (start && start.getAttribute('aria-current') === 'true') {
      revealInMap(table, start);
    }
    if (openArea && openOutcome) {
      document.getElementById('cell-evidence-heading')?.focus();
    }
  } catch (error) {
    showError('Evidence and gap map', error);
  }
}

/**
 * A row's evidence status, beside its header: the evidence items about the area and beneath it, in brackets how many
 * are trials or systematic reviews, and "thin" where a curated statement says the evidence is thin or absent. It
 * opens the status on the area's page.
 */
function areaStatusLink(area: MapArea): HTMLAnchorElement {
  const status = area.evidenceStatus;
  const strong = trialsAndReviews(status.byDesign);
  const description = `${area.name}: ${plural(status.evidenceCount, 'evidence item')} about the area and those beneath it`
    + `${status.evidenceCount > 0 ? `, ${strongText(strong)}` : ''}`
    + `${status.statement ? '; a source says the evidence here is thin or absent' : ''}. Opens the area’s evidence status.`;
  return h('a', { href: `/challenge-area/${encodeURIComponent(area.id)}#evidence-status`, title: description, 'data-area': area.id, 'data-status': '' },
    h('span', { class: 'status-n' }, number(status.evidenceCount)), ' ', h('span', { class: 'status-strong' }, `(${number(strong)})`),
    status.statement ? [' ', h('span', { class: 'status-mark', title: 'A curated statement: a source says the evidence here is thin or absent' }, 'thin')] : null,
    h('span', { class: 'visually-hidden' }, `: ${description}`));
}

/**
 * One Tab stop for the whole map (a roving tabindex): only the current link takes tabindex 0, and the arrow keys move
 * between the links of the grid, a row's header and its evidence status first. Without this a map of 31 by 33 cells
 * is a thousand Tab stops.
 */
function rovingFocus(table: HTMLTableElement, grid: HTMLAnchorElement[][], start: HTMLAnchorElement): void {
  const position = new Map<Element, [number, number]>();
  grid.forEach((row, r) => row.forEach((link, c) => {
    position.set(link, [r, c]);
    link.tabIndex = link === start ? 0 : -1;
  }));
  let current = start;
  table.addEventListener('focusin', (event) => {
    const link = event.target as HTMLAnchorElement;
    if (position.has(link) && link !== current) {
      current.tabIndex = -1;
      link.tabIndex = 0;
      current = link;
    }
  });
  table.addEventListener('keydown', (event) => {
    const at = position.get(event.target as Element);
    if (!at || event.altKey || event.metaKey || event.shiftKey) {
      return;
    }
    let [r, c] = at;
    const last = grid.length - 1;
    switch (event.key) {
      case 'ArrowUp': r -= 1; break;
      case 'ArrowDown': r += 1; break;
      case 'ArrowLeft': c -= 1; break;
      case 'ArrowRight': c += 1; break;
      case 'Home': c = 0; r = event.ctrlKey ? 0 : r; break;
      case 'End': r = event.ctrlKey ? last : r; c = (grid[r]?.length ?? 1) - 1; break;
      default: return;
    }
    if (event.ctrlKey && event.key !== 'Home' && event.key !== 'End') {
      return;
    }
    event.preventDefault();
    r = Math.max(0, Math.min(last, r));
    const row = grid[r] ?? [];
    const target = row[Math.max(0, Math.min(row.length - 1, c))];
    if (target) {
      target.focus();
      revealInMap(table, target);
    }
  });
}

/**
 * Scrolls the map's box, and only it, so a cell shows whole beside the sticky row and column headers: focus alone
 * may leave it under them, and an open cell far down or right would start out of sight.
 */
function revealInMap(table: HTMLTableElement, link: HTMLAnchorElement): void {
  const box = table.parentElement;
  const cell = link.closest('td');
  if (!box || !cell) {
    return;
  }
  const boxRect = box.getBoundingClientRect();
  const cellRect = cell.getBoundingClientRect();
  const left = boxRect.left + box.clientLeft + (table.querySelector('tbody th')?.getBoundingClientRect().width ?? 0);
  const top = boxRect.top + box.clientTop + (table.tHead?.getBoundingClientRect().height ?? 0);
  const right = boxRect.left + box.clientLeft + box.clientWidth;
  const bottom = boxRect.top + box.clientTop + box.clientHeight;
  if (cellRect.left < left) {
    box.scrollLeft -= left - cellRect.left;
  } else if (cellRect.right > right) {
    box.scrollLeft += Math.min(cellRect.right - right, cellRect.left - left);
  }
  if (cellRect.top < top) {
    box.scrollTop -= top - cellRect.top;
  } else if (cellRect.bottom > bottom) {
    box.scrollTop += Math.min(cellRect.bottom - bottom, cellRect.top - top);
  }
}

async function cellSection(area: string, outcome: string, scales: Map<string, ScaleInfo>): Promise<HTMLElement> {
  const operation: Operation = { query: cellQuery, variables: { area, outcome } };
  const data = await run<{ evidenceMap: { challengeAreas: Named[]; outcomes: Named[]; cells: { challengeArea: { id: string }; evidence: CellEvidence[] }[] } }>(operation);
  const areaNode = data.evidenceMap.challengeAreas.find((candidate) => candidate.id === area);
  const outcomeNode = data.evidenceMap.outcomes[0];
  const evidence = data.evidenceMap.cells.find((cell) => cell.challengeArea.id === area)?.evidence ?? [];
  const title = `Evidence on ${outcomeNode?.name ?? 'this outcome'} in ${areaNode?.name ?? 'this area'}`;
  const section = listSection({
    id: 'cell-evidence', title, rows: evidence,
    empty: 'A gap: no evidence about this area reports on this outcome.',
    exportName: `evidence-${areaNode?.name ?? area}-${outcomeNode?.name ?? outcome}`,
    node: (row) => exportNodeOf(row, { scale: row.rating?.scale ?? null, level: row.rating?.level ?? null }),
    context: outcomeNode ? { node: exportNodeOf(outcomeNode), edge: (row) => ({ source: row.id, target: outcomeNode.id, type: 'REPORTS',
      attributes: { effect: row.findings.find((finding) => finding.outcome.id === outcome)?.effect } }) } : undefined,
    columns: [
      { header: 'Evidence', cell: (row) => [nodeLink(row), h('br'), h('span', { class: 'detail' }, [designLabel(row.design), row.year ? String(row.year) : null].filter(Boolean).join(' · '))], value: (row) => row.title },
      { header: 'Rating', cell: (row) => [ratingBadge(row.rating, scales), ratingExplained(row.rating, scales)], value: (row) => ratingCode(row.rating) },
      { header: 'Effect on the outcome', cell: (row) => {
        const finding = row.findings.find((item) => item.outcome.id === outcome);
        return finding ? [finding.effect ? words(finding.effect) : 'direction not stated', finding.note ? h('p', { class: 'detail' }, finding.note) : null] : '—';
      }, value: (row) => row.findings.find((item) => item.outcome.id === outcome)?.effect },
    ],
    intro: h('p', null, queryLink(operation, 'Open this cell’s query in GraphiQL')),
  });
  section.querySelector('h2')?.setAttribute('tabindex', '-1');
  return section;
}

interface CellEvidence {
  __typename: string;
  id: string;
  title: string;
  year: number | null;
  design: string;
  rating: MaybeRating;
  findings: { outcome: { id: string }; effect: string | null; note: string | null }[];
}
