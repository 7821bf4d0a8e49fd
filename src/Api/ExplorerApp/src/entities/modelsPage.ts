/**
 * Every model, those that work first (by verdict), then the strongest evidence; filtered by the challenge area they
 * address, family, verdict, strength of evidence and region delivered in (entities/modelFilters.ts), all kept in the
 * address. /models?area=elderly-care&family=CO_OPERATIVE&region=North+East is one address for "co-operative models
 * for elderly care delivered in the North East": readable, and the same where as the API's models(where:).
 * Each filter's counts are the API's facets of the list under the other filters, so a count is the number of
 * models that choosing it lists.
 */
import { run, type Operation } from '../api/graphql';
import { h, words } from '../app/dom';
import { applyFilters, clearFiltersButton, filterSummary } from '../app/filters';
import { exportNodeOf, listSection, loading, nodeLink, pageHeading, queryLink, show, showError } from '../app/view';
import type { FacetCount } from '../organisations/regionChart';
import {
  areaSelect, describeModels, familySelect, isFiltered, modelFilterNames, modelFilterParameters, modelFiltersIn, modelWhere, regionSelect,
  strengthSelect, type AreaChoice, type ModelFilterName, type ModelFilters,
} from './modelFilters';
import { loadVerdictMeanings, verdictBadge, verdictLabel, verdictSelect, verdictsExplained, type VerdictMeanings } from './verdict';

const modelsQuery = `query Models($where: ModelFilterInput, $familyCounts: ModelFilterInput, $verdictCounts: ModelFilterInput,
  $strengthCounts: ModelFilterInput, $regionCounts: ModelFilterInput) {
  models(where: $where, order: [{ verdict: DESC }, { bestEvidenceLevel: DESC }, { name: ASC }], first: 200) {
    totalCount
    nodes { __typename id name family subtype evidenceCount bestEvidenceLevel verdict { value } }
  }
  byFamily: models(where: $familyCounts) { totalCount facets { family { value count } } }
  byVerdict: models(where: $verdictCounts) { totalCount facets { verdict { value count } } }
  byStrength: models(where: $strengthCounts) { totalCount facets { bestEvidenceLevel { value count } } }
  byRegion: models(where: $regionCounts) { totalCount facets { region { value count } } }
  all: models { totalCount }
  areas: challengeAreas(order: [{ path: ASC }], first: 200) { nodes { key name depth } }
}`;

interface ModelRow { __typename: string; id: string; name: string; family: string; subtype: string | null; evidenceCount: number; bestEvidenceLevel: number | null; verdict: { value: string } }

interface Counts { totalCount: number; facets: { family?: FacetCount[]; verdict?: FacetCount[]; bestEvidenceLevel?: FacetCount[]; region?: FacetCount[] } | null }

interface Answer {
  models: { totalCount: number; nodes: ModelRow[] };
  byFamily: Counts;
  byVerdict: Counts;
  byStrength: Counts;
  byRegion: Counts;
  all: { totalCount: number };
  areas: { nodes: AreaChoice[] };
}

/** A where with no condition is left out, so the query in GraphiQL reads as simply as it can. */
function whereOrNull(where: Record<string, unknown>): Record<string, unknown> | null {
  return Object.keys(where).length > 0 ? where : null;
}

export async function modelsPage(url: URL): Promise<void> {
  loading('models');
  try {
    const known = await loadVerdictMeanings();
    const filters = modelFiltersIn(url, known);
    const operation: Operation = {
      query: modelsQuery,
      variables: {
        where: whereOrNull(modelWhere(filters)),
        familyCounts: whereOrNull(modelWhere(filters, 'family')),
        verdictCounts: whereOrNull(modelWhere(filters, 'verdict')),
        strengthCounts: whereOrNull(modelWhere(filters, 'strength')),
        regionCounts: whereOrNull(modelWhere(filters, 'region')),
      },
    };
    const data = await run<Answer>(operation);
    const area = data.areas.nodes.find((node) => node.key === filters.area);

    const form = filterForm(filters, data, known);
    const filtered = isFiltered(filters);
    const suffix = Object.values(modelFilterParameters(filters)).filter(Boolean).join('-').toLowerCase().replaceAll(',', '-').replaceAll(' ', '-');
    const title = filters.family ? `${words(filters.family)} models` : 'Models';
    show(title,
      pageHeading(title, null,
        h('p', { class: 'lead' }, 'Those that work first, as their evidence says, and those found to do harm last; then the strongest evidence first. Whether a model works is apart from how strong its evidence is.'),
        h('div', { class: 'view-actions' }, queryLink(operation))),
      form,
      listSection({
        id: 'models', title: 'Models', rows: data.models.nodes, total: data.models.totalCount,
        empty: filtered ? 'No model matches the filters.' : 'No model is recorded.',
        exportName: `models${suffix ? `-${suffix}` : ''}`,
        node: (row) => exportNodeOf(row, { family: row.family, verdict: row.verdict.value, evidenceCount: row.evidenceCount, bestEvidenceLevel: row.bestEvidenceLevel }),
        intro: [
          filtered ? h('p', { class: 'detail filter-summary', id: 'models-filtered' },
            filterSummary(describeModels(filters, area?.name), data.models.totalCount, data.all.totalCount)) : null,
          verdictsExplained(data.models.nodes.map((row) => row.verdict.value), known),
        ],
        columns: [
          { header: 'Model', cell: nodeLink, value: (row) => row.name },
          { header: 'Verdict', cell: (row) => verdictBadge(row.verdict.value), value: (row) => verdictLabel(row.verdict.value), code: (row) => row.verdict.value },
          { header: 'Family', cell: (row) => [words(row.family), row.subtype ? ` · ${row.subtype}` : ''], value: (row) => words(row.family), code: (row) => row.family },
          { header: 'Evidence items', cell: (row) => String(row.evidenceCount), value: (row) => row.evidenceCount },
          { header: 'Strongest evidence', cell: (row) => (row.bestEvidenceLevel === null ? 'none' : `level ${row.bestEvidenceLevel}`), value: (row) => row.bestEvidenceLevel },
        ],
      }));
  } catch (error) {
    showError('Models', error);
  }
}

/**
 * The five filters, applied together by "Filter" (one entry in the history per change of the list), and "Clear
 * filters". Choices are counted by the API, except areas (see areaSelect).
 */
function filterForm(filters: ModelFilters, data: Answer, known: VerdictMeanings): HTMLFormElement {
  const selects: Record<ModelFilterName, HTMLSelectElement> = {
    area: areaSelect('models-area', filters.area, data.areas.nodes),
    family: familySelect('models-family', filters.family, data.byFamily.totalCount, data.byFamily.facets?.family ?? []),
    verdict: verdictSelect('models-verdict', filters.verdicts, data.byVerdict.totalCount, data.byVerdict.facets?.verdict ?? [], known),
    strength: strengthSelect('models-strength', filters.strength, data.byStrength.totalCount, data.byStrength.facets?.bestEvidenceLevel ?? []),
    region: regionSelect('models-region', filters.region, data.byRegion.totalCount, data.byRegion.facets?.region ?? []),
  };
  const labels: Record<ModelFilterName, string> = {
    area: 'Challenge area', family: 'Family', verdict: 'Does it work?', strength: 'Strongest evidence', region: 'Delivered in',
  };
  const clear = clearFiltersButton('models', 'models', isFiltered(filters),
    () => applyFilters(Object.fromEntries(modelFilterNames.map((name) => [name, ''])), '#models-area'));
  const form = h('form', { class: 'filter-form', 'aria-label': 'Filter models', 'aria-describedby': 'models-filter-help' },
    modelFilterNames.map((name) => h('div', { class: 'field' }, h('label', { for: selects[name].id }, labels[name]), selects[name])),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', id: 'models-apply' }, 'Filter'), clear),
    h('p', { class: 'detail filter-help', id: 'models-filter-help' },
      'A challenge area includes the areas within it. Delivered in: run by an organisation in that region. Strongest evidence: the highest rating of the evidence about the model, on its scale.'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // The address keeps the filters, so the list can be shared and reloaded as it is.
    applyFilters(Object.fromEntries(modelFilterNames.map((name) => [name, selects[name].value])), '#models-apply');
  });
  return form;
}
