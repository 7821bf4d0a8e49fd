/**
 * The question researchers and commissioners bring to an area: which models have evidence here (in the area or
 * beneath it), how strong, and who funds them. Filtered by family on the page; everything shown is the API's answer.
 */
import { run } from '../api/graphql';
import { announce, h, words } from '../app/dom';
import { exportNodeOf, failedSection, listSection, nodeLink, number, queryLink } from '../app/view';
import { modelsWithEvidenceQuery, pageSize } from './queries';
import { ratingBadge, type Rating, type ScaleInfo } from './rating';

interface FunderRef { id: string; name: string; kind: string }
interface AreaModel {
  __typename: 'Model';
  id: string;
  name: string;
  family: string;
  evidence: { id: string; title: string; rating: Rating; challengeAreas: { key: string; ancestors: { key: string }[] }[] }[];
  fundings: { funder: FunderRef }[];
}
interface FundedOrganisation { id: string; models: { id: string }[]; fundings: { funder: FunderRef }[] }

export async function areaModelsSection(areaKey: string, areaName: string, scales: Map<string, ScaleInfo>): Promise<HTMLElement> {
  const title = `Models with evidence in ${areaName}`;
  const operation = { query: modelsWithEvidenceQuery, variables: { key: areaKey, first: pageSize } };
  let data: { models: { totalCount: number; nodes: Omit<AreaModel, '__typename'>[] }; fundedOrganisations: { totalCount: number; nodes: FundedOrganisation[] } };
  try {
    data = await run<typeof data>(operation);
  } catch (error) {
    return failedSection('models-with-evidence', title, error);
  }
  const models: AreaModel[] = data.models.nodes.map((model) => ({ ...model, __typename: 'Model' }));
  const fundedOrganisations = data.fundedOrganisations;
  const fundersCut = fundedOrganisations.totalCount > fundedOrganisations.nodes.length;
  const inArea = (area: { key: string; ancestors: { key: string }[] }) => area.key === areaKey || area.ancestors.some((a) => a.key === areaKey);
  const evidenceHere = (model: AreaModel) => model.evidence.filter((item) => item.challengeAreas.some(inArea));
  const funders = (model: AreaModel) => {
    const all = [
      ...model.fundings.map((f) => f.funder),
      ...fundedOrganisations.nodes.filter((o) => o.models.some((m) => m.id === model.id)).flatMap((o) => o.fundings.map((f) => f.funder)),
    ];
    return [...new Map(all.map((funder) => [funder.id, funder])).values()].sort((a, b) => a.name.localeCompare(b.name));
  };

  const families = [...new Set(models.map((model) => model.family))].sort();
  const container = h('div', { class: 'area-models' });
  const render = (family: string) => {
    const rows = family ? models.filter((model) => model.family === family) : models;
    container.replaceChildren(listSection({
      id: 'models-with-evidence',
      title,
      rows,
      // The family filter works on the models read; when they are not all, the count says so.
      total: family ? undefined : data.models.totalCount,
      partial: family && data.models.totalCount > models.length
        ? `the ${words(family).toLowerCase()} models among the first ${number(models.length)} of ${number(data.models.totalCount)}` : undefined,
      empty: 'No model of this family has evidence here.',
      exportName: `${areaKey}-models-with-evidence${family ? `-${family.toLowerCase()}` : ''}`,
      node: (model) => exportNodeOf(model, { family: model.family }),
      columns: [
        { header: 'Model', cell: nodeLink, value: (model) => model.name },
        { header: 'Family', cell: (model) => words(model.family), value: (model) => words(model.family), code: (model) => model.family },
        { header: 'Evidence here', cell: (model) => h('ul', { class: 'plain' }, evidenceHere(model).map((item) =>
          h('li', null, nodeLink({ ...item, __typename: 'Evidence' }), ' ', ratingBadge(item.rating, scales)))),
        value: (model) => evidenceHere(model).map((item) => `${item.title} (${item.rating.scale} ${item.rating.level})`).join('; ') },
        { header: 'Funded by', cell: (model) => (funders(model).length > 0
          ? h('ul', { class: 'plain funders' }, funders(model).map((funder) => h('li', null, nodeLink({ ...funder, __typename: 'Funder' }))))
          : 'no funding recorded'), value: (model) => funders(model).map((funder) => funder.name).join('; ') },
      ],
      intro: h('p', { class: 'detail' }, 'Models evaluated by evidence about this area or any area within it, strongest evidence first. ',
        fundersCut
          ? `Funders are those of the model itself and of the first ${number(fundedOrganisations.nodes.length)} (by name) of the ${number(fundedOrganisations.totalCount)} funded organisations running these models. `
          : 'Funders are those of the model itself and of the organisations that run it. ',
        queryLink(operation, 'Open this list’s query in GraphiQL')),
    }));
  };

  const select = h('select', { id: 'family-filter', name: 'family' },
    h('option', { value: '' }, `All families (${number(data.models.totalCount)})`),
    families.map((family) => h('option', { value: family }, `${words(family)} (${models.filter((model) => model.family === family).length})`)));
  select.addEventListener('change', () => {
    render(select.value);
    announce(`${container.querySelectorAll('tbody tr').length} models shown.`);
  });
  render('');
  return h('div', { class: 'area-models-wrap' },
    h('div', { class: 'filter-row' }, h('label', { for: 'family-filter' }, 'Family of models with evidence here'), select),
    container);
}
