/** Every model, filtered by family with the API's facets, strongest evidence first. */
import { run, type Operation } from '../api/graphql';
import { h, words } from '../app/dom';
import { navigate } from '../app/router';
import { exportNodeOf, listSection, loading, nodeLink, pageHeading, queryLink, show, showError } from '../app/view';

const modelsQuery = `query Models($where: ModelFilterInput) {
  models(where: $where, order: [{ bestEvidenceLevel: DESC }, { name: ASC }], first: 200) {
    totalCount
    nodes { __typename id name family subtype evidenceCount bestEvidenceLevel }
  }
  all: models { facets { family { value count } } }
}`;

interface ModelRow { __typename: string; id: string; name: string; family: string; subtype: string | null; evidenceCount: number; bestEvidenceLevel: number | null }

export async function modelsPage(url: URL): Promise<void> {
  const family = url.searchParams.get('family');
  loading('models');
  const operation: Operation = { query: modelsQuery, variables: { where: family ? { family: { eq: family } } : null } };
  try {
    const data = await run<{ models: { totalCount: number; nodes: ModelRow[] }; all: { facets: { family: { value: string | null; count: number }[] } | null } }>(operation);
    const select = h('select', { id: 'models-family', name: 'family' }, h('option', { value: '' }, 'All families'),
      (data.all.facets?.family ?? []).filter((entry) => entry.value).map((entry) =>
        h('option', { value: entry.value ?? '', selected: entry.value === family }, `${words(entry.value)} (${entry.count})`)));
    const form = h('form', { class: 'filter-form', 'aria-label': 'Filter models' },
      h('div', { class: 'field' }, h('label', { for: 'models-family' }, 'Family'), select), h('button', { type: 'submit' }, 'Filter'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      navigate(select.value ? `/models?family=${encodeURIComponent(select.value)}` : '/models');
    });
    show('Models',
      pageHeading(family ? `${words(family)} models` : 'Models', null, h('div', { class: 'view-actions' }, queryLink(operation))),
      form,
      listSection({
        id: 'models', title: 'Models', rows: data.models.nodes, total: data.models.totalCount, empty: 'No model matches.',
        exportName: `models${family ? `-${family.toLowerCase()}` : ''}`,
        node: (row) => exportNodeOf(row, { family: row.family, evidenceCount: row.evidenceCount, bestEvidenceLevel: row.bestEvidenceLevel }),
        columns: [
          { header: 'Model', cell: nodeLink, value: (row) => row.name },
          { header: 'Family', cell: (row) => [words(row.family), row.subtype ? ` · ${row.subtype}` : ''], value: (row) => words(row.family), code: (row) => row.family },
          { header: 'Evidence items', cell: (row) => String(row.evidenceCount), value: (row) => row.evidenceCount },
          { header: 'Strongest evidence', cell: (row) => (row.bestEvidenceLevel === null ? 'none' : `level ${row.bestEvidenceLevel}`), value: (row) => row.bestEvidenceLevel },
        ],
      }));
  } catch (error) {
    showError('Models', error);
  }
}
