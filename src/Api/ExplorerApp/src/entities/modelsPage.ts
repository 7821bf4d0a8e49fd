/**
 * Every model, filtered by family and by verdict with the API's facets, those that work first (by verdict), then the
 * strongest evidence. Each filter's counts are of the list under the other filter, so a count is the number of
 * models that choosing it lists.
 */
import { run, type Operation } from '../api/graphql';
import { h, words } from '../app/dom';
import { navigate } from '../app/router';
import { exportNodeOf, listSection, loading, nodeLink, number, pageHeading, queryLink, show, showError } from '../app/view';
import type { FacetCount } from '../organisations/regionChart';
import {
  describeVerdicts, loadVerdictMeanings, readable, verdictBadge, verdictLabel, verdictSelect, verdictsExplained, verdictsFrom, verdictWhere,
} from './verdict';

const modelsQuery = `query Models($where: ModelFilterInput, $familyCounts: ModelFilterInput, $verdictCounts: ModelFilterInput) {
  models(where: $where, order: [{ verdict: DESC }, { bestEvidenceLevel: DESC }, { name: ASC }], first: 200) {
    totalCount
    nodes { __typename id name family subtype evidenceCount bestEvidenceLevel verdict { value } }
  }
  byFamily: models(where: $familyCounts) { totalCount facets { family { value count } } }
  byVerdict: models(where: $verdictCounts) { totalCount facets { verdict { value count } } }
  all: models { totalCount }
}`;

interface ModelRow { __typename: string; id: string; name: string; family: string; subtype: string | null; evidenceCount: number; bestEvidenceLevel: number | null; verdict: { value: string } }

interface Counts { totalCount: number; facets: { family?: FacetCount[]; verdict?: FacetCount[] } | null }

export async function modelsPage(url: URL): Promise<void> {
  const family = url.searchParams.get('family');
  loading('models');
  try {
    const known = await loadVerdictMeanings();
    const verdicts = verdictsFrom(url.searchParams.get('verdict'), known);
    const byFamily = family ? { family: { eq: family } } : {};
    const where = verdictWhere(byFamily, verdicts);
    const operation: Operation = {
      query: modelsQuery,
      variables: {
        where: Object.keys(where).length > 0 ? where : null,
        familyCounts: verdicts.length > 0 ? verdictWhere({}, verdicts) : null,
        verdictCounts: family ? byFamily : null,
      },
    };
    const data = await run<{ models: { totalCount: number; nodes: ModelRow[] }; byFamily: Counts; byVerdict: Counts; all: { totalCount: number } }>(operation);

    const families = (data.byFamily.facets?.family ?? []).filter((entry) => entry.value);
    if (family && !families.some((entry) => entry.value === family)) {
      families.push({ value: family, count: 0 });
    }
    const familySelect = h('select', { id: 'models-family', name: 'family' },
      h('option', { value: '' }, `All families (${number(data.byFamily.totalCount)})`),
      families.map((entry) => h('option', { value: entry.value ?? '', selected: entry.value === family }, `${words(entry.value)} (${number(entry.count)})`)));
    const verdictChoice = verdictSelect('models-verdict', verdicts, data.byVerdict.totalCount, data.byVerdict.facets?.verdict ?? [], known);
    const form = h('form', { class: 'filter-form', 'aria-label': 'Filter models' },
      h('div', { class: 'field' }, h('label', { for: verdictChoice.id }, 'Does it work?'), verdictChoice),
      h('div', { class: 'field' }, h('label', { for: familySelect.id }, 'Family'), familySelect),
      h('button', { type: 'submit' }, 'Filter'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      // The address keeps the filters, so the list can be shared and reloaded as it is.
      const parameters = new URLSearchParams();
      if (verdictChoice.value) {
        parameters.set('verdict', verdictChoice.value);
      }
      if (familySelect.value) {
        parameters.set('family', familySelect.value);
      }
      navigate(`/models${parameters.size > 0 ? `?${readable(parameters)}` : ''}`, { focus: '#models-verdict' });
    });

    const filtered = verdicts.length > 0 || Boolean(family);
    const what = [verdicts.length > 0 ? describeVerdicts(verdicts) : 'models', family ? ` of the ${words(family).toLowerCase()} family` : ''].join('');
    const suffix = [verdicts.map((value) => value.toLowerCase()).join('-'), family?.toLowerCase()].filter(Boolean).join('-');
    const title = family ? `${words(family)} models` : 'Models';
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
            `Showing ${what}: ${number(data.models.totalCount)} of ${number(data.all.totalCount)}.`) : null,
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
