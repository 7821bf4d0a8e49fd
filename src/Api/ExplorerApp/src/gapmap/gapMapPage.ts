/**
 * The evidence-and-gap map: challenge areas (rows) by outcomes (columns), each cell shaded by its number of evidence
 * items and showing the best rating and the number of models tried there; a cell opens its evidence list below the
 * map. A cell without a finding on its outcome reads "not recorded" where its area has evidence with no finding
 * recorded on any outcome (it may cover this one: the list then names that evidence), and "gap" otherwise, since
 * evidence whose findings are all on other outcomes is not evidence on this one; either is striped where models are
 * tried.
 *
 * Large maps stay usable: sub-areas are folded under their area until unfolded, outcomes are grouped by the area
 * they belong to (folded into one summary column each when there are many), the map scrolls inside its own box
 * with sticky headers, and the whole grid is one Tab stop with the arrow keys inside.
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
type MapOutcome = Named & { challengeAreas: { id: string }[] };
/** A cell of the map; the API lists them row by row, in the order of the rows and the columns, so they carry no ids here. */
interface MapCell {
  evidenceCount: number;
  evidenceWithoutFindingCount: number;
  modelCount: number;
  bestRating: { scale: string; level: number } | null;
}
interface Effects { positive: number; noEffect: number; negative: number; mixed: number; unstated: number }
interface EvidenceMapData {
  evidenceMap: {
    within: Named | null;
    challengeAreas: MapArea[];
    outcomes: MapOutcome[];
    gapCount: number;
    cells: MapCell[];
    evidenced: { challengeArea: { id: string }; outcome: { id: string }; effects: Effects }[];
  };
  areas: { nodes: Named[] };
}

// The cells come without their row and column (they are in order) and the directions of effect only for cells with
// evidence: a map of 100 areas by 400 outcomes is then some 300,000 values, within what one request may ask.
const mapQuery = `query EvidenceMap($within: ID) {
  evidenceMap(within: $within) {
    within { __typename id name }
    challengeAreas { __typename id name depth evidenceStatus { evidenceCount byDesign { design count } statement } }
    outcomes { __typename id name challengeAreas { id } }
    gapCount
    cells { evidenceCount evidenceWithoutFindingCount modelCount bestRating { scale level } }
    evidenced: cells(include: EVIDENCED) { challengeArea { id } outcome { id } effects { positive noEffect negative mixed unstated } }
  }
  areas: challengeAreas(where: { depth: { eq: 0 } }, order: [{ name: ASC }], first: 50) { nodes { __typename id name } }
}`;

const evidenceFields = '__typename id title year design rating { scale level label reason }';
const cellQuery = `query EvidenceMapCell($area: ID!, $outcome: ID!) {
  evidenceMap(within: $area, outcomes: [$outcome]) {
    challengeAreas { __typename id name }
    outcomes { __typename id name }
    cells {
      challengeArea { id }
      evidence { ${evidenceFields} findings { outcome { id } effect note } }
      evidenceWithoutFinding { ${evidenceFields} summary }
    }
  }
}`;

/** More outcomes than this, and the map opens with each group of outcomes folded into one column. */
const foldGroupsAbove = 40;

/** What the reader unfolded, by map (its 'within'), so opening a cell, which draws the map again, keeps it. */
const unfolded = new Map<string, { areas: Set<string>; groups: Set<string> }>();

interface Group { key: string; name: string; outcomes: number[] }

export async function gapMapPage(url: URL): Promise<void> {
  const within = url.searchParams.get('within');
  const openArea = url.searchParams.get('area');
  const openOutcome = url.searchParams.get('outcome');
  loading('the evidence and gap map');
  const operation: Operation = { query: mapQuery, variables: { within } };
  try {
    const [data, scales] = await Promise.all([run<EvidenceMapData>(operation), loadScales()]);
    const map = data.evidenceMap;
    const areas = map.challengeAreas;
    const outcomes = map.outcomes;
    if (map.cells.length !== areas.length * outcomes.length) {
      throw new Error(`The map has ${map.cells.length} cells for ${areas.length} areas by ${outcomes.length} outcomes.`);
    }
    const cellAt = (row: number, column: number): MapCell => map.cells[row * outcomes.length + column] as MapCell;
    const effects = new Map(map.evidenced.map((cell) => [`${cell.challengeArea.id}|${cell.outcome.id}`, cell.effects]));
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

    const tree = areaTree(areas);
    const groups = outcomeGroups(areas, outcomes, tree);
    const groupOf = new Map<number, Group>();
    groups.forEach((group) => group.outcomes.forEach((column) => groupOf.set(column, group)));
    const state = unfolded.get(within ?? '') ?? {
      areas: new Set(tree.tops.length === 1 ? [areas[tree.tops[0] ?? 0]?.id ?? ''] : []),
      groups: new Set(outcomes.length > foldGroupsAbove ? [] : groups.map((group) => group.key)),
    };
    unfolded.set(within ?? '', state);
    // An open cell shows: its area's ancestors and its outcome's group are unfolded.
    const openRow = areas.findIndex((area) => area.id === openArea);
    const openColumn = outcomes.findIndex((outcome) => outcome.id === openOutcome);
    for (let parent = tree.parent[openRow]; parent !== undefined && parent >= 0; parent = tree.parent[parent]) {
      state.areas.add(areas[parent]?.id ?? '');
    }
    const openGroup = groupOf.get(openColumn);
    if (openGroup) {
      state.groups.add(openGroup.key);
    }

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

    const evidenced = map.cells.filter((cell) => cell.evidenceCount > 0).length;
    const notRecorded = map.cells.filter((cell) => cell.evidenceCount === 0 && cell.evidenceWithoutFindingCount > 0).length;
    const practised = map.cells.filter((cell) => cell.evidenceCount === 0 && cell.modelCount > 0).length;
    const caption = h('caption', null, h('span', null, `${plural(areas.length, 'challenge area')} by ${plural(outcomes.length, 'outcome')}: `
      + `${plural(evidenced, 'cell')} with evidence; ${number(map.gapCount)} with no finding on the outcome: ${number(notRecorded)} where findings are not recorded `
      + `(the area has evidence without any), ${plural(map.gapCount - notRecorded, 'gap')}; models tried in ${number(practised)} of those ${number(map.gapCount)}.`));
    const table = h('table', { class: 'gap-map', id: 'gap-map', role: 'grid', 'aria-describedby': 'gap-map-keys' }, caption);
    const grid = new MapGrid(table);
    // The outcomes' header row sticks just below the row of groups above it, however tall that wraps.
    const groupRowHeight = new ResizeObserver((entries) => entries.forEach((entry) =>
      table.style.setProperty('--group-row', `${(entry.target as HTMLElement).offsetHeight}px`)));

    /** The map's headers and rows as they are folded now; what had focus keeps it, or the control that folded it away. */
    const draw = (focusKey?: string) => {
      const hadFocus = table.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.key : undefined;
      const columns = visibleColumns(groups, outcomes.length, state.groups);
      const grouped = groups.length > 1;
      const navigation: NavItem[][] = [];

      const groupRow = grouped ? h('tr', { class: 'groups' }) : null;
      if (groupRow) {
        const items: NavItem[] = [];
        let column = 3;
        for (const group of groups) {
          const open = state.groups.has(group.key);
          const span = open ? group.outcomes.length : 1;
          const toggle = h('button', { type: 'button', class: 'fold', 'aria-expanded': String(open), 'data-key': `group:${group.key}`, 'data-group': group.key,
            onclick: () => {
              if (open) {
                state.groups.delete(group.key);
              } else {
                state.groups.add(group.key);
              }
              draw(`group:${group.key}`);
            } },
          h('span', { class: 'fold-mark', 'aria-hidden': 'true' }, open ? '▾' : '▸'), ' ', h('span', { class: 'group-name' }, group.name), ' ',
          h('span', { class: 'detail' }, `(${plural(group.outcomes.length, 'outcome')})`));
          groupRow.append(h('th', { scope: 'colgroup', colspan: span, class: 'group-head' }, toggle));
          items.push({ element: toggle, column, span });
          column += span;
        }
        navigation.push(items);
      }
      const headRow = h('tr', { class: 'outcomes' }, grouped ? null : [
        h('th', { scope: 'col', class: 'corner' }, 'Challenge area \\ outcome'), statusHead()]);
      if (groupRow) {
        groupRow.prepend(h('th', { scope: 'col', rowspan: 2, class: 'corner' }, 'Challenge area \\ outcome'), statusHead(2));
      }
      // A group's first column is ruled off from the one before, down the whole map.
      const starts = columns.map((entry) => grouped && (entry.outcome === undefined || entry.outcome === entry.group.outcomes[0]));
      columns.forEach((entry, index) => {
        const start = starts[index] ? ' group-start' : '';
        headRow.append(entry.outcome !== undefined
          ? h('th', { scope: 'col', class: `outcome-head${start}` }, h('span', null, outcomes[entry.outcome]?.name))
          : h('th', { scope: 'col', class: `outcome-head group-summary-head${start}` },
            h('span', { class: 'visually-hidden' }, `${entry.group.name}: `), h('span', null, `all ${plural(entry.group.outcomes.length, 'outcome')}, folded`)));
      });

      const body = h('tbody');
      tree.visible(state.areas).forEach((row) => {
        const area = areas[row] as MapArea;
        const items: NavItem[] = [];
        const children = tree.children[row] ?? [];
        const open = state.areas.has(area.id);
        const fold = children.length > 0
          ? h('button', { type: 'button', class: 'fold', 'aria-expanded': String(open), 'data-key': `fold:${area.id}`, 'data-area': area.id, 'data-fold': '',
            onclick: () => {
              if (open) {
                state.areas.delete(area.id);
              } else {
                state.areas.add(area.id);
              }
              draw(`fold:${area.id}`);
            } },
          h('span', { class: 'fold-mark', 'aria-hidden': 'true' }, open ? '▾' : '▸'),
          h('span', { class: 'visually-hidden' }, `${plural(children.length, 'sub-area')} of ${area.name}`))
          : null;
        const areaLink = h('a', { href: `/challenge-area/${encodeURIComponent(area.id)}`, 'data-area': area.id, 'data-key': `area:${area.id}` }, area.name);
        const statusLink = areaStatusLink(area);
        if (fold) {
          items.push({ element: fold, column: 0, span: 1 });
        }
        items.push({ element: areaLink, column: 1, span: 1 }, { element: statusLink, column: 2, span: 1 });
        const level = Math.min(tree.level[row] ?? 0, 4);
        const tr = h('tr', null,
          h('th', { scope: 'row', class: `area-head level-${level}` }, h('span', { class: 'area-name' }, fold ?? h('span', { class: 'fold-space' }), areaLink)),
          h('td', { class: 'area-status' }, statusLink));
        columns.forEach((entry, index) => {
          const at = index + 3;
          if (entry.outcome === undefined) {
            const summary = groupSummary(area, entry.group, entry.group.outcomes.map((column) => cellAt(row, column)), () => {
              state.groups.add(entry.group.key);
              draw(`cell:${area.id}|${outcomes[entry.group.outcomes[0] ?? 0]?.id ?? ''}`);
            });
            items.push({ element: summary.control, column: at, span: 1 });
            summary.cell.classList.toggle('group-start', starts[index] === true);
            tr.append(summary.cell);
            return;
          }
          const outcome = outcomes[entry.outcome] as MapOutcome;
          const open = area.id === openArea && outcome.id === openOutcome;
          const cell = mapCell(area, outcome, cellAt(row, entry.outcome), open, mapAddress(area.id, outcome.id));
          items.push({ element: cell.link, column: at, span: 1 });
          cell.cell.classList.toggle('group-start', starts[index] === true);
          tr.append(cell.cell);
        });
        navigation.push(items);
        body.append(tr);
      });

      // Column groups in the markup too, so each group's header (scope colgroup) heads exactly its outcomes' columns.
      const colgroups = grouped
        ? [h('colgroup', { span: 2 }), ...groups.map((group) => h('colgroup', { span: state.groups.has(group.key) ? group.outcomes.length : 1 }))]
        : [];
      table.replaceChildren(caption, ...colgroups, h('thead', null, groupRow, headRow), body);
      groupRowHeight.disconnect();
      if (groupRow) {
        groupRowHeight.observe(groupRow);
      }
      grid.use(navigation, grouped ? 1 : 0, focusKey ?? hadFocus, focusKey !== undefined || hadFocus !== undefined);
    };

    // Folding every sub-area leaves a map within one area with its own sub-areas showing, as it opened.
    const foldAreas = (open: boolean) => () => {
      state.areas.clear();
      areas.filter((_, row) => (open ? (tree.children[row] ?? []).length > 0 : tree.tops.length === 1 && row === tree.tops[0]))
        .forEach((area) => state.areas.add(area.id));
      draw();
    };
    const foldGroups = (open: boolean) => () => {
      state.groups.clear();
      groups.filter(() => open).forEach((group) => state.groups.add(group.key));
      draw();
    };
    const parents = tree.children.filter((children) => children.length > 0).length;
    const folds = h('div', { class: 'map-folds', role: 'group', 'aria-label': 'Fold and unfold the map' },
      parents > 0 ? [
        h('button', { type: 'button', class: 'secondary small', 'data-unfold': 'areas', onclick: foldAreas(true) }, 'Unfold every sub-area'),
        h('button', { type: 'button', class: 'secondary small', 'data-fold': 'areas', onclick: foldAreas(false) }, 'Fold sub-areas')] : null,
      groups.length > 1 ? [
        h('button', { type: 'button', class: 'secondary small', 'data-unfold': 'groups', onclick: foldGroups(true) }, 'Unfold every outcome group'),
        h('button', { type: 'button', class: 'secondary small', 'data-fold': 'groups', onclick: foldGroups(false) }, 'Fold outcome groups')] : null);

    const exportData = (): ExportData => ({
      name: `evidence-map${map.within ? `-${map.within.name}` : ''}`,
      columns: ['challenge area', 'outcome', 'evidence items', 'models', 'evidence about the area with no findings recorded',
        'best rating scale', 'best rating level', 'positive', 'no effect', 'negative', 'mixed', 'unstated'],
      rows: areas.flatMap((area, row) => outcomes.map((outcome, column) => {
        const cell = cellAt(row, column);
        const found = effects.get(`${area.id}|${outcome.id}`);
        return [area.name, outcome.name, cell.evidenceCount, cell.modelCount, cell.evidenceWithoutFindingCount, cell.bestRating?.scale, cell.bestRating?.level,
          found?.positive ?? 0, found?.noEffect ?? 0, found?.negative ?? 0, found?.mixed ?? 0, found?.unstated ?? 0];
      })),
      nodes: [...areas.map((area) => exportNodeOf(area)), ...outcomes.map((outcome) => exportNodeOf(outcome))],
      // A gap where models are tried is an edge too, so the graph shows practice without evidence as the map does.
      edges: areas.flatMap((area, row) => outcomes.map((outcome, column) => ({ area, outcome, cell: cellAt(row, column) })))
        .filter(({ cell }) => cell.evidenceCount > 0 || cell.modelCount > 0).map(({ area, outcome, cell }) => ({ source: area.id, target: outcome.id,
          type: cell.evidenceCount === 0 ? 'PRACTICE_WITHOUT_EVIDENCE' : 'EVIDENCE_FOR',
          attributes: { evidenceCount: cell.evidenceCount, models: cell.modelCount, evidenceWithoutFinding: cell.evidenceWithoutFindingCount,
            bestScale: cell.bestRating?.scale, bestLevel: cell.bestRating?.level } })),
    });

    const title = map.within ? `Evidence and gap map: ${map.within.name}` : 'Evidence and gap map';
    const parts = [
      pageHeading(title, null,
        h('p', { class: 'lead' }, 'Each cell counts the evidence about an area (and the areas beneath it) that reports a finding on an outcome; darker means more. ',
          '“L” gives the best rating level in the cell, and “models” how many models address the area and aim at the outcome, outcomes partnerships included. ',
          'Where no evidence reports on the outcome, a dotted cell says “not recorded” when the area has evidence with no findings recorded at all, '
          + 'which may cover the outcome, and how many such items there are; any other such cell is a “gap”. Either is striped where models are tried. '
          + 'Select a cell to list its evidence. ',
          'Beside each area, its evidence items (in brackets, the randomised controlled trials and systematic reviews among them); '
          + '“thin” marks an area where a source says the evidence is thin or absent.'),
        h('div', { class: 'view-actions' }, exportButtons('the map', exportData), queryLink(operation))),
      picker,
      h('ul', { class: 'legend', 'aria-label': 'Shading and marks' },
        h('li', null, h('span', { class: 'swatch shade-0' }), 'gap: no evidence about the area reports on the outcome'),
        h('li', null, h('span', { class: 'swatch shade-0 no-finding' }),
          'findings not recorded: the area has evidence whose findings are not recorded; it may cover this outcome'),
        h('li', null, h('span', { class: 'swatch shade-0 practice' }), 'striped: models tried, no finding on the outcome'),
        h('li', null, h('span', { class: 'swatch shade-1' }), '1 item'),
        h('li', null, h('span', { class: 'swatch shade-2' }), '2 to 3'), h('li', null, h('span', { class: 'swatch shade-3' }), '4 or more'),
        h('li', null, h('span', { class: 'status-mark' }, 'thin'), ' a source says the area’s evidence is thin or absent')),
      h('p', { id: 'gap-map-keys', class: 'detail' }, 'The map is one stop for the Tab key: the arrow keys move between its cells, Home and End to the ends of a row, '
        + 'Control with Home or End to its first and last rows, Enter opens a cell. ',
      parents > 0 ? '▸ before an area unfolds its sub-areas; ' : '', groups.length > 1 ? '▸ above the outcomes unfolds a group of them.' : ''),
      folds,
      h('div', { class: 'table-wrap gap-map-wrap', role: 'region', 'aria-label': 'Evidence and gap map, scrolls both ways' }, table),
    ];
    draw();
    if (openArea && openOutcome) {
      parts.push(await cellSection(openArea, openOutcome, scales, areas.find((area) => area.id === openArea)?.evidenceStatus.evidenceCount));
    }
    show(title, ...parts);
    grid.revealCurrent();
    if (openArea && openOutcome) {
      document.getElementById('cell-evidence-heading')?.focus();
    }
  } catch (error) {
    showError('Evidence and gap map', error);
  }
}

function statusHead(rows = 1): HTMLTableCellElement {
  return h('th', { scope: 'col', rowspan: rows > 1 ? rows : null, class: 'status-head' }, 'Evidence items ', h('span', { class: 'detail' }, '(trials or systematic reviews)'));
}

/** One cell: its link opens the cell's evidence; what it shows first is what a screen reader says first, then the row and column. */
function mapCell(area: MapArea, outcome: MapOutcome, cell: MapCell, open: boolean, href: string): { cell: HTMLTableCellElement; link: HTMLAnchorElement } {
  const count = cell.evidenceCount;
  const others = cell.evidenceWithoutFindingCount;
  const models = cell.modelCount;
  const shade = count === 0 ? 0 : count === 1 ? 1 : count <= 3 ? 2 : 3;
  const best = cell.bestRating ? `best ${words(cell.bestRating.scale)} level ${cell.bestRating.level}` : '';
  const tried = plural(models, 'model');
  const triedHere = models > 0 ? `, but ${tried} tried here` : ', no models either';
  const description = count > 0
    ? `${area.name} and ${outcome.name}: ${plural(count, 'evidence item')}, ${best}; ${models > 0 ? tried : 'no models'}`
    : others > 0
      ? `${area.name} and ${outcome.name}: findings not recorded: ${plural(others, 'evidence item')} about the area ${others === 1 ? 'records' : 'record'} `
        + `no finding on any outcome and may cover this one${triedHere}`
      : `${area.name} and ${outcome.name}: a gap, no evidence about the area reports on this outcome${triedHere}`;
  const link = h('a', { href, title: description, 'aria-current': open ? 'true' : null, 'data-key': `cell:${area.id}|${outcome.id}`,
    'data-count': count, 'data-models': models, 'data-without-finding': others, 'data-area': area.id, 'data-outcome': outcome.id },
  count > 0
    ? [h('span', { class: 'n' }, String(count)), cell.bestRating ? h('span', { class: 'best' }, `L${cell.bestRating.level}`) : null]
    : others > 0
      ? [h('span', { class: 'no-finding-label' }, 'not recorded'), h('span', { class: 'others' }, plural(others, 'item'))]
      : h('span', { class: 'gap' }, 'gap'),
  models > 0 ? h('span', { class: 'models' }, tried) : null,
  h('span', { class: 'visually-hidden' }, `: ${description}`));
  const kind = count > 0 ? '' : others > 0 ? ' no-finding' : ' empty';
  return { cell: h('td', { class: `cell shade-${shade}${kind}${count === 0 && models > 0 ? ' practice' : ''}${open ? ' open' : ''}` }, link), link };
}

/** A folded group of outcomes in one row: how many of them have evidence; it unfolds the group. */
function groupSummary(area: MapArea, group: Group, cells: MapCell[], unfold: () => void): { cell: HTMLTableCellElement; control: HTMLButtonElement } {
  const evidenced = cells.filter((cell) => cell.evidenceCount > 0).length;
  const total = cells.length;
  const shade = evidenced === 0 ? 0 : evidenced * 3 < total ? 1 : evidenced * 3 < total * 2 ? 2 : 3;
  const description = `${area.name} and the ${plural(total, 'outcome')} of ${group.name}: ${number(evidenced)} with evidence. Unfolds the group.`;
  const control = h('button', { type: 'button', class: 'summary', title: description, 'data-key': `summary:${area.id}|${group.key}`, 'data-area': area.id,
    'data-group': group.key, onclick: unfold },
  h('span', { class: 'n' }, `${number(evidenced)} of ${number(total)}`), h('span', { class: 'best' }, 'with evidence'),
  h('span', { class: 'visually-hidden' }, `: ${description}`));
  return { cell: h('td', { class: `cell summary-cell shade-${shade}` }, control), control };
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
  return h('a', { href: `/challenge-area/${encodeURIComponent(area.id)}#evidence-status`, title: description, 'data-area': area.id, 'data-status': '',
    'data-key': `status:${area.id}` },
  h('span', { class: 'status-n' }, number(status.evidenceCount)), ' ', h('span', { class: 'status-strong' }, `(${number(strong)})`),
  status.statement ? [' ', h('span', { class: 'status-mark', title: 'A curated statement: a source says the evidence here is thin or absent' }, 'thin')] : null,
  h('span', { class: 'visually-hidden' }, `: ${description}`));
}

/** The rows as a tree (they come parents first, each with its depth): parents, children, the top rows and each row's level below them. */
function areaTree(areas: MapArea[]) {
  const parent: number[] = [];
  const children: number[][] = areas.map(() => []);
  const level: number[] = [];
  const tops: number[] = [];
  const path: number[] = [];
  areas.forEach((area, row) => {
    while (path.length > 0 && (areas[path[path.length - 1] ?? 0]?.depth ?? 0) >= area.depth) {
      path.pop();
    }
    const up = path[path.length - 1];
    parent.push(up ?? -1);
    level.push(path.length);
    if (up === undefined) {
      tops.push(row);
    } else {
      children[up]?.push(row);
    }
    path.push(row);
  });
  /** The rows shown: the top rows, and the children of every shown row that is unfolded, in tree order. */
  const visible = (open: Set<string>) => areas.map((_, row) => row).filter((row) => {
    for (let up = parent[row] ?? -1; up >= 0; up = parent[up] ?? -1) {
      if (!open.has(areas[up]?.id ?? '')) {
        return false;
      }
    }
    return true;
  });
  return { parent, children, level, tops, visible };
}

/**
 * Outcomes have no theme of their own in the graph, so they are grouped by the areas they belong to (OUTCOME_IN):
 * on the whole map by top-level area, within an area by the sub-area beneath it. An outcome of several such areas
 * goes with those across areas, one of none of the map's areas with the others; groups keep the rows' order.
 */
function outcomeGroups(areas: MapArea[], outcomes: MapOutcome[], tree: ReturnType<typeof areaTree>): Group[] {
  const single = tree.tops.length === 1 ? tree.tops[0] : undefined;
  const rowOf = new Map(areas.map((area, row) => [area.id, row]));
  const headOf = (row: number): number => {
    let at = row;
    while ((tree.parent[at] ?? -1) >= 0 && (tree.parent[at] ?? -1) !== single) {
      at = tree.parent[at] ?? -1;
    }
    return at;
  };
  const byHead = new Map<number, number[]>();
  const across: number[] = [];
  const elsewhere: number[] = [];
  outcomes.forEach((outcome, column) => {
    const heads = new Set(outcome.challengeAreas.flatMap((area) => (rowOf.has(area.id) ? [headOf(rowOf.get(area.id) ?? 0)] : [])));
    // Within one area, an outcome of the area itself and of one of its sub-areas goes with the sub-area.
    if (single !== undefined && heads.size > 1) {
      heads.delete(single);
    }
    const [head] = heads;
    if (heads.size === 1 && head !== undefined) {
      byHead.set(head, [...(byHead.get(head) ?? []), column]);
    } else {
      (heads.size > 1 ? across : elsewhere).push(column);
    }
  });
  const groups: Group[] = [...byHead.entries()].sort(([a], [b]) => a - b).map(([head, columns]) => ({
    key: areas[head]?.id ?? '', name: head === single ? `${areas[head]?.name ?? ''} as a whole` : areas[head]?.name ?? '', outcomes: columns,
  }));
  if (across.length > 0) {
    groups.push({ key: 'across', name: 'Across several areas', outcomes: across });
  }
  if (elsewhere.length > 0) {
    groups.push({ key: 'elsewhere', name: single !== undefined ? 'Of other areas' : 'In no area', outcomes: elsewhere });
  }
  return groups;
}

type Column = { outcome: number; group: Group } | { outcome: undefined; group: Group };

/** The columns shown: each outcome of an unfolded group, one summary column for each folded one. */
function visibleColumns(groups: Group[], count: number, open: Set<string>): Column[] {
  if (groups.length <= 1) {
    const group = groups[0] ?? { key: '', name: '', outcomes: [] };
    return Array.from({ length: count }, (_, outcome) => ({ outcome, group }));
  }
  return groups.flatMap((group): Column[] => (open.has(group.key)
    ? group.outcomes.map((outcome) => ({ outcome, group }))
    : [{ outcome: undefined, group }]));
}

/** A control of the grid and the table columns it stands over: 0 an area's fold, 1 its name, 2 its evidence status, then the outcomes. */
interface NavItem { element: HTMLElement; column: number; span: number }

/**
 * One Tab stop for the whole map (a roving tabindex, as the WAI-ARIA grid pattern has it): only the current control
 * takes tabindex 0, and the arrow keys move between the controls of the grid, the group headers above the
 * outcomes included. Without this a map of 31 by 37 cells is more than a thousand Tab stops.
 */
class MapGrid {
  private rows: NavItem[][] = [];
  private firstBodyRow = 0;
  private current: HTMLElement | null = null;

  constructor(private readonly table: HTMLTableElement) {
    table.addEventListener('focusin', (event) => {
      const target = event.target as HTMLElement;
      if (this.find(target) && target !== this.current) {
        this.makeCurrent(target);
      }
    });
    table.addEventListener('keydown', (event) => this.key(event));
  }

  /**
   * Takes the controls just drawn. The current one stays current if it is still there (by its key), else the open
   * cell or the first cell; focus follows when the map had it.
   */
  use(rows: NavItem[][], firstBodyRow: number, key: string | undefined, focus: boolean): void {
    this.rows = rows;
    this.firstBodyRow = firstBodyRow;
    const all = rows.flat().map((item) => item.element);
    all.forEach((element) => { element.tabIndex = -1; });
    const wanted = key ?? this.current?.dataset.key;
    const start = all.find((element) => element.dataset.key === wanted)
      ?? all.find((element) => element.getAttribute('aria-current') === 'true')
      ?? rows[firstBodyRow]?.find((item) => item.column >= 3)?.element ?? all[0] ?? null;
    this.current = null;
    if (start) {
      this.makeCurrent(start);
      if (focus) {
        start.focus({ preventScroll: true });
        this.reveal(start);
      }
    }
  }

  /** Shows the open cell, if there is one, clear of the sticky headers. */
  revealCurrent(): void {
    if (this.current?.getAttribute('aria-current') === 'true') {
      this.reveal(this.current);
    }
  }

  private makeCurrent(element: HTMLElement): void {
    if (this.current) {
      this.current.tabIndex = -1;
    }
    element.tabIndex = 0;
    this.current = element;
  }

  private find(element: Element): [number, number] | undefined {
    for (let r = 0; r < this.rows.length; r++) {
      const c = this.rows[r]?.findIndex((item) => item.element === element) ?? -1;
      if (c >= 0) {
        return [r, c];
      }
    }
    return undefined;
  }

  private key(event: KeyboardEvent): void {
    const at = this.find(event.target as Element);
    if (!at || event.altKey || event.metaKey || event.shiftKey) {
      return;
    }
    const [r, c] = at;
    const row = this.rows[r] ?? [];
    const item = row[c] as NavItem;
    let target: NavItem | undefined;
    switch (event.key) {
      case 'ArrowLeft': target = event.ctrlKey ? undefined : row[c - 1] ?? item; break;
      case 'ArrowRight': target = event.ctrlKey ? undefined : row[c + 1] ?? item; break;
      case 'ArrowUp': target = event.ctrlKey ? undefined : this.below(r - 1, item) ?? item; break;
      case 'ArrowDown': target = event.ctrlKey ? undefined : this.below(r + 1, item) ?? item; break;
      case 'Home': target = event.ctrlKey ? this.rows[this.firstBodyRow]?.[0] : row[0]; break;
      case 'End': target = event.ctrlKey ? this.rows[this.rows.length - 1]?.at(-1) : row.at(-1); break;
      default: return;
    }
    if (!target) {
      return;
    }
    event.preventDefault();
    target.element.focus({ preventScroll: true });
    this.reveal(target.element);
  }

  /**
   * The control of row r over the same column: in the headers' columns (fold, name, status) the nearest of them, as
   * a row without sub-areas has no fold; among the outcomes the one whose columns hold the current one's first.
   */
  private below(r: number, from: NavItem): NavItem | undefined {
    const row = this.rows[r];
    if (!row) {
      return undefined;
    }
    if (from.column < 3) {
      return row.filter((item) => item.column < 3).sort((a, b) => Math.abs(a.column - from.column) - Math.abs(b.column - from.column))[0];
    }
    return row.find((item) => item.column <= from.column && from.column < item.column + item.span)
      ?? row.find((item) => from.column <= item.column && item.column < from.column + from.span);
  }

  /**
   * Scrolls the map's box, and only it, so a control shows whole beside the sticky row and column headers: focus
   * alone may leave it under them, and an open cell far down or right would start out of sight.
   */
  private reveal(element: HTMLElement): void {
    const box = this.table.parentElement;
    const cell = element.closest('td, th');
    if (!box || !cell) {
      return;
    }
    const boxRect = box.getBoundingClientRect();
    const cellRect = cell.getBoundingClientRect();
    const inHead = cell.closest('thead') !== null;
    const rowHead = cell.classList.contains('area-head');
    const left = boxRect.left + box.clientLeft + (this.table.querySelector('tbody th')?.getBoundingClientRect().width ?? 0);
    const top = boxRect.top + box.clientTop + (this.table.tHead?.getBoundingClientRect().height ?? 0);
    const right = boxRect.left + box.clientLeft + box.clientWidth;
    const bottom = boxRect.top + box.clientTop + box.clientHeight;
    if (!rowHead) {
      if (cellRect.left < left) {
        box.scrollLeft -= left - cellRect.left;
      } else if (cellRect.right > right) {
        box.scrollLeft += Math.min(cellRect.right - right, cellRect.left - left);
      }
    }
    if (!inHead) {
      if (cellRect.top < top) {
        box.scrollTop -= top - cellRect.top;
      } else if (cellRect.bottom > bottom) {
        box.scrollTop += Math.min(cellRect.bottom - bottom, cellRect.top - top);
      }
    }
  }
}

/** A cell's evidence on its outcome, and the evidence about its area with no finding recorded, which may cover the outcome. */
async function cellSection(area: string, outcome: string, scales: Map<string, ScaleInfo>, areaEvidence: number | undefined): Promise<HTMLElement> {
  const operation: Operation = { query: cellQuery, variables: { area, outcome } };
  const data = await run<{ evidenceMap: { challengeAreas: Named[]; outcomes: Named[];
    cells: { challengeArea: { id: string }; evidence: CellEvidence[]; evidenceWithoutFinding: OtherEvidence[] }[] } }>(operation);
  const areaNode = data.evidenceMap.challengeAreas.find((candidate) => candidate.id === area);
  const outcomeNode = data.evidenceMap.outcomes[0];
  const cell = data.evidenceMap.cells.find((candidate) => candidate.challengeArea.id === area);
  const evidence = cell?.evidence ?? [];
  const others = cell?.evidenceWithoutFinding ?? [];
  const outcomeName = outcomeNode?.name ?? 'this outcome';
  const areaName = areaNode?.name ?? 'this area';
  const evidenceColumn = { header: 'Evidence', cell: (row: CellEvidence | OtherEvidence) => [nodeLink(row), h('br'),
    h('span', { class: 'detail' }, [designLabel(row.design), row.year ? String(row.year) : null].filter(Boolean).join(' · '))], value: (row: CellEvidence | OtherEvidence) => row.title };
  const ratingColumn = { header: 'Rating', cell: (row: CellEvidence | OtherEvidence) => [ratingBadge(row.rating, scales), ratingExplained(row.rating, scales)],
    value: (row: CellEvidence | OtherEvidence) => ratingCode(row.rating) };
  const found = listSection({
    id: 'cell-evidence', title: `Evidence on ${outcomeName} in ${areaName}`, rows: evidence,
    empty: others.length > 0
      ? `No evidence about this area reports a finding on this outcome, but its findings are not recorded: ${plural(others.length, 'item')} about the area `
        + `${others.length === 1 ? 'records' : 'record'} no finding at all and may cover it (listed below).`
      : areaEvidence
        ? 'A gap: no evidence about this area reports a finding on this outcome; its evidence records findings on other outcomes only.'
        : 'A gap: there is no evidence about this area at all.',
    exportName: `evidence-${areaName}-${outcomeName}`,
    node: (row) => exportNodeOf(row, { scale: row.rating?.scale ?? null, level: row.rating?.level ?? null }),
    context: outcomeNode ? { node: exportNodeOf(outcomeNode), edge: (row) => ({ source: row.id, target: outcomeNode.id, type: 'REPORTS',
      attributes: { effect: row.findings.find((finding) => finding.outcome.id === outcome)?.effect } }) } : undefined,
    columns: [evidenceColumn, ratingColumn,
      { header: 'Effect on the outcome', cell: (row) => {
        const finding = row.findings.find((item) => item.outcome.id === outcome);
        return finding ? [finding.effect ? words(finding.effect) : 'direction not stated', finding.note ? h('p', { class: 'detail' }, finding.note) : null] : '—';
      }, value: (row) => row.findings.find((item) => item.outcome.id === outcome)?.effect },
    ],
    intro: h('p', null, queryLink(operation, 'Open this cell’s query in GraphiQL')),
  });
  found.querySelector('h2')?.setAttribute('tabindex', '-1');
  const without = others.length > 0 ? listSection({
    id: 'cell-without-finding', title: `Evidence about ${areaName} with no findings recorded`, rows: others,
    empty: '',
    exportName: `evidence-${areaName}-no-findings-recorded`,
    node: (row) => exportNodeOf(row, { scale: row.rating?.scale ?? null, level: row.rating?.level ?? null }),
    // The reason before the rating: it is what this list is for, and on a phone the columns after the second are off screen.
    columns: [evidenceColumn,
      { header: 'Why no finding is recorded', cell: (row) => h('span', { class: 'why-none' }, whyNone(row)), value: (row) => whyNone(row) },
      ratingColumn,
    ],
    intro: h('p', { class: 'detail' }, 'Evidence about the area (or an area beneath it) that records no finding on any outcome, such as a process evaluation '
      + `or a report whose results could not be read: what it found may cover ${outcomeName}. The last sentence of each one’s summary says why.`),
  }) : null;
  // Beside evidence on the outcome, the area's evidence without findings is there on request; in a cell without any, it is the answer.
  return h('div', { class: 'cell-sections' }, found, without && evidence.length > 0
    ? h('details', { class: 'more-evidence' }, h('summary', null, `Also about ${areaName}: ${plural(others.length, 'evidence item')} with no findings recorded`), without)
    : without);
}

/**
 * Why an item records no finding: the curators end its summary with the reason (a learning report with no outcome
 * measure, only a publication page read...), so its last sentence; the whole summary where it has one sentence.
 */
function whyNone(row: OtherEvidence): string {
  const summary = row.summary?.trim();
  if (!summary) {
    return 'No summary is recorded.';
  }
  // A sentence ends at a stop followed by a capital, so "0.67" or "2009/10." inside a sentence does not end it.
  return summary.split(/(?<=[.!?])\s+(?=[A-Z])/).at(-1) ?? summary;
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

type OtherEvidence = Omit<CellEvidence, 'findings'> & { summary: string | null };
