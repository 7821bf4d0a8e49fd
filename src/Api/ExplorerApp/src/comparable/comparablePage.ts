/**
 * Comparable models: pick a model, see the most similar with the shared challenge areas, outcomes and funders that
 * make them similar (the API's comparableModels, its score and reasons), filtered by evidence level and region.
 */
import { run, type Operation } from '../api/graphql';
import { h, words } from '../app/dom';
import { navigate } from '../app/router';
import { exportNodeOf, listSection, loading, nodeLink, pageHeading, queryLink, show, showError } from '../app/view';

type Named = { __typename: string; id: string; name: string };

interface Comparable {
  score: number;
  model: Named & { family: string };
  reasons: {
    sharedChallengeAreas: Named[];
    sharedOutcomes: Named[];
    sharedFunders: Named[];
    sameFamily: boolean;
    bestEvidenceLevel: number | null;
  };
}

const choicesQuery = `query ComparableChoices {
  models(order: [{ name: ASC }], first: 200) { nodes { id name family } }
  organisations(first: 1) { facets { region { value count } } }
}`;

const comparableQuery = `query ComparableModels($to: ID!, $where: ComparableModelsFilter) {
  node(id: $to) { __typename id ... on Model { name family } }
  comparableModels(to: $to, first: 20, where: $where) {
    score
    model { __typename id name family }
    reasons {
      sameFamily bestEvidenceLevel
      sharedChallengeAreas { __typename id name }
      sharedOutcomes { __typename id name }
      sharedFunders { __typename id name }
    }
  }
}`;

export async function comparablePage(id: string | null, url: URL): Promise<void> {
  loading('comparable models');
  const minLevel = Number(url.searchParams.get('minLevel') ?? '') || null;
  const region = url.searchParams.get('region') || null;
  try {
    const choices = await run<{ models: { nodes: { id: string; name: string; family: string }[] }; organisations: { facets: { region: { value: string | null; count: number }[] } | null } }>({ query: choicesQuery });
    const regions = (choices.organisations.facets?.region ?? []).map((entry) => entry.value).filter((value): value is string => !!value).sort();
    const form = h('form', { class: 'filter-form', 'aria-label': 'Choose a model and filters' },
      h('div', { class: 'field' }, h('label', { for: 'comparable-model' }, 'Model'),
        h('select', { id: 'comparable-model', name: 'model' },
          h('option', { value: '' }, 'Choose a model…'),
          choices.models.nodes.map((model) => h('option', { value: model.id, selected: model.id === id }, `${model.name} (${words(model.family)})`)))),
      h('div', { class: 'field' }, h('label', { for: 'comparable-level' }, 'Evidence at least at level'),
        h('select', { id: 'comparable-level', name: 'minLevel' }, h('option', { value: '' }, 'Any, or none'),
          [1, 2, 3, 4, 5].map((level) => h('option', { value: String(level), selected: level === minLevel }, String(level))))),
      h('div', { class: 'field' }, h('label', { for: 'comparable-region' }, 'Run in region'),
        h('select', { id: 'comparable-region', name: 'region' }, h('option', { value: '' }, 'Any region'),
          regions.map((value) => h('option', { value, selected: value === region }, value)))),
      h('button', { type: 'submit' }, 'Compare'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const model = String(data.get('model') ?? '');
      const parameters = new URLSearchParams();
      for (const name of ['minLevel', 'region']) {
        const value = String(data.get(name) ?? '');
        if (value) {
          parameters.set(name, value);
        }
      }
      const query = parameters.toString();
      navigate(`/comparable${model ? `/${encodeURIComponent(model)}` : ''}${query ? `?${query}` : ''}`);
    });

    if (!id) {
      show('Comparable models', pageHeading('Comparable models', null,
        h('p', { class: 'lead' }, 'Pick a model to see the models most like it, and why: the challenge areas, outcomes and funders they share.')), form);
      return;
    }

    const where: Record<string, unknown> = {};
    if (minLevel) {
      where['minEvidenceLevel'] = minLevel;
    }
    if (region) {
      where['region'] = region;
    }
    const operation: Operation = { query: comparableQuery, variables: { to: id, where: Object.keys(where).length > 0 ? where : null } };
    const data = await run<{ node: (Named & { family: string }) | null; comparableModels: Comparable[] }>(operation);
    if (!data.node || data.node.__typename !== 'Model') {
      showError('Comparable models', new Error(`No model has the id ${id}.`));
      return;
    }
    const subject = data.node;
    const names = (items: Named[]) => items.map((item) => item.name).join('; ');
    const linked = (items: Named[]) => (items.length === 0 ? '—' : h('ul', { class: 'plain' }, items.map((item) => h('li', null, nodeLink(item)))));
    show(`Comparable to ${subject.name}`,
      pageHeading(`Models comparable to ${subject.name}`, 'Comparable models',
        h('p', { class: 'lead' }, 'Most similar first. The score weighs shared challenge areas, outcomes and funders, the same family, and the strength of the compared model’s evidence.'),
        h('div', { class: 'view-actions' }, h('a', { class: 'button', href: `/model/${encodeURIComponent(subject.id)}` }, `Page of ${subject.name}`), queryLink(operation))),
      form,
      listSection({
        id: 'comparable', title: 'Comparable models', rows: data.comparableModels,
        empty: 'No model shares a challenge area, outcome or funder with this one under these filters.',
        exportName: `comparable-to-${subject.name}`,
        node: (row) => exportNodeOf(row.model, { family: row.model.family, score: row.score }),
        context: { node: exportNodeOf(subject), edge: (row) => ({ source: subject.id, target: row.model.id, type: 'SIMILAR_TO',
          attributes: { score: row.score, sharedChallengeAreas: names(row.reasons.sharedChallengeAreas), sharedOutcomes: names(row.reasons.sharedOutcomes), sharedFunders: names(row.reasons.sharedFunders) } }) },
        columns: [
          { header: 'Model', cell: (row) => [nodeLink(row.model), h('br'), h('span', { class: 'detail' }, words(row.model.family))], value: (row) => row.model.name },
          { header: 'Score', cell: (row) => row.score.toFixed(2), value: (row) => row.score },
          { header: 'Shared challenge areas', cell: (row) => linked(row.reasons.sharedChallengeAreas), value: (row) => names(row.reasons.sharedChallengeAreas) },
          { header: 'Shared outcomes', cell: (row) => linked(row.reasons.sharedOutcomes), value: (row) => names(row.reasons.sharedOutcomes) },
          { header: 'Shared funders', cell: (row) => linked(row.reasons.sharedFunders), value: (row) => names(row.reasons.sharedFunders) },
          { header: 'Same family', cell: (row) => (row.reasons.sameFamily ? 'yes' : 'no'), value: (row) => row.reasons.sameFamily },
          { header: 'Strongest evidence', cell: (row) => (row.reasons.bestEvidenceLevel === null ? 'none' : `level ${row.reasons.bestEvidenceLevel}`), value: (row) => row.reasons.bestEvidenceLevel },
        ],
      }));
  } catch (error) {
    showError('Comparable models', error);
  }
}
