/**
 * The question researchers and commissioners bring to an area: which models have evidence here (in the area or
 * beneath it), whether they work here, how strong the evidence here is, and who funds them. The API ranks them by the
 * evidence about this area (ChallengeArea.modelsByEvidence), so a trial about another area lifts no model here.
 * Filtered by verdict through the API, counted by it, and by family on the page, among the models read; both kept in
 * the page's address (verdict=, family=), so the view can be shared. Everything shown is the API's answer. Region
 * delivered in and strength of evidence are filters of /models?area=, the list of the models addressing the area:
 * region= on this page is its organisations' filter.
 */
import { run, type Operation } from '../api/graphql';
import { announce, h, words } from '../app/dom';
import { clearFiltersButton, filtersIn, filterSummary, recordFilters } from '../app/filters';
import { exportNodeOf, failedSection, listSection, nodeLink, number, queryLink } from '../app/view';
import type { FacetCount } from '../organisations/regionChart';
import { describeModels } from './modelFilters';
import { modelsWithEvidenceQuery, pageSize } from './queries';
import { ratingBadge, ratingCode, ratingWords, type MaybeRating, type ScaleInfo } from './rating';
import {
  loadVerdictMeanings, verdictBadge, verdictLabel, verdictSelect, verdictsExplained, verdictsFrom, type VerdictMeanings,
} from './verdict';

interface FunderRef { id: string; name: string; kind: string }
interface AreaModel {
  __typename: 'Model';
  id: string;
  name: string;
  family: string;
  verdict: { value: string };
  evidence: { id: string; title: string; rating: MaybeRating; challengeAreas: { key: string; ancestors: { key: string }[] }[] }[];
  fundings: { funder: FunderRef }[];
}
interface FundedOrganisation { id: string; models: { id: string }[]; fundings: { funder: FunderRef }[] }
interface RankedModel { value: string; bestEvidenceLevel: number | null; model: Omit<AreaModel, '__typename' | 'verdict'> }
interface Reply {
  challengeAreas: { nodes: { modelsByEvidence: { totalCount: number; byVerdict: { verdict: string; count: number }[]; nodes: RankedModel[] } }[] };
  fundedOrganisations: { totalCount: number; nodes: FundedOrganisation[] };
}
interface Answer {
  models: { totalCount: number; nodes: Omit<AreaModel, '__typename'>[] };
  inArea: { totalCount: number; facets: { verdict: FacetCount[] } };
  fundedOrganisations: { totalCount: number; nodes: FundedOrganisation[] };
}

const id = 'models-with-evidence';

function operationOf(areaKey: string, verdicts: string[]): Operation {
  return {
    query: modelsWithEvidenceQuery,
    variables: verdicts.length > 0 ? { key: areaKey, verdicts, first: pageSize } : { key: areaKey, first: pageSize },
  };
}

/** The area's ranked models, each with its verdict here, and its count per verdict (whatever the verdicts chosen). */
async function load(operation: Operation): Promise<Answer> {
  const reply = await run<Reply>(operation);
  const ranked = reply.challengeAreas.nodes[0]?.modelsByEvidence ?? { totalCount: 0, byVerdict: [], nodes: [] };
  const counts = ranked.byVerdict.map((entry) => ({ value: entry.verdict, count: entry.count }));
  return {
    models: { totalCount: ranked.totalCount, nodes: ranked.nodes.map((node) => ({ ...node.model, verdict: { value: node.value } })) },
    inArea: { totalCount: counts.reduce((sum, entry) => sum + entry.count, 0), facets: { verdict: counts } },
    fundedOrganisations: reply.fundedOrganisations,
  };
}

export async function areaModelsSection(areaKey: string, areaName: string, scales: Map<string, ScaleInfo>, url: URL): Promise<HTMLElement> {
  const title = `Models with evidence in ${areaName}`;
  const known = await loadVerdictMeanings();
  const inAddress = filtersIn(url, ['verdict', 'family']);
  const chosen = { verdicts: verdictsFrom(inAddress.verdict || null, known), family: /^[A-Z_]+$/.test(inAddress.family) ? inAddress.family : '' };
  let operation = operationOf(areaKey, chosen.verdicts);
  let data: Answer;
  try {
    data = await load(operation);
  } catch (error) {
    return failedSection(id, title, error);
  }

  const holder = h('div', { class: 'area-models' });
  const form = h('form', { class: 'list-filters', 'aria-label': 'Filter the models with evidence here' });
  form.addEventListener('submit', (event) => event.preventDefault());
  const summary = h('p', { class: 'detail filter-summary', id: `${id}-filtered` });

  const render = (focus?: string) => {
    const models: AreaModel[] = data.models.nodes.map((model) => ({ ...model, __typename: 'Model' }));
    fillFilters(form, areaKey, chosen, data, models, known, apply);
    const rows = chosen.family ? models.filter((model) => model.family === chosen.family) : models;
    const filtered = chosen.verdicts.length > 0 || Boolean(chosen.family);
    const what = describeModels({ area: '', family: chosen.family, verdicts: chosen.verdicts, strength: null, region: '' });
    summary.textContent = filtered ? filterSummary(what, chosen.family ? rows.length : data.models.totalCount, data.inArea.totalCount) : '';
    summary.hidden = !filtered;
    holder.replaceChildren(modelsList(areaKey, title, data, rows, chosen, scales, known, operation, [form, summary]));
    if (focus) {
      document.getElementById(focus)?.focus();
      announce(summary.textContent || `All ${number(rows.length)} models shown.`);
    }
  };

  let latest = 0;
  const apply = async (focus: string, verdictsChanged: boolean) => {
    // The address keeps the filters chosen, so the list can be shared and reloaded as it is.
    recordFilters({ verdict: chosen.verdicts.join(','), family: chosen.family });
    if (!verdictsChanged) {
      render(focus);
      return;
    }
    const request = ++latest;
    const next = operationOf(areaKey, chosen.verdicts);
    holder.setAttribute('aria-busy', 'true');
    let answer: Answer;
    try {
      answer = await load(next);
    } catch (error) {
      if (request === latest) {
        holder.removeAttribute('aria-busy');
        const failed = failedSection(id, title, error);
        failed.append(form);
        holder.replaceChildren(failed);
        document.getElementById(focus)?.focus();
      }
      return;
    }
    // The verdicts changed again while this answer was on its way: the later answer is the one to show.
    if (request !== latest) {
      return;
    }
    holder.removeAttribute('aria-busy');
    data = answer;
    operation = next;
    render(focus);
  };

  render();
  return holder;
}

/** The verdict choices, counted by the API's facets of the area's models, and the family choices, counted among the models read. */
function fillFilters(form: HTMLFormElement, areaKey: string, chosen: { verdicts: string[]; family: string }, data: Answer, models: AreaModel[], known: VerdictMeanings,
  apply: (focus: string, verdictsChanged: boolean) => Promise<void>): void {
  const verdictChoice = verdictSelect('verdict-filter', chosen.verdicts, data.inArea.totalCount, data.inArea.facets.verdict, known);
  const families = [...new Set([...models.map((model) => model.family), ...(chosen.family ? [chosen.family] : [])])].sort();
  const familyChoice = h('select', { id: 'family-filter', name: 'family' },
    h('option', { value: '' }, `All families (${number(models.length)})`),
    families.map((family) => h('option', { value: family, selected: family === chosen.family },
      `${words(family)} (${number(models.filter((model) => model.family === family).length)})`)));
  const clear = clearFiltersButton(id, 'the models with evidence here', chosen.verdicts.length > 0 || Boolean(chosen.family), () => {
    const verdictsChanged = chosen.verdicts.length > 0;
    chosen.verdicts = [];
    chosen.family = '';
    void apply(verdictChoice.id, verdictsChanged);
  });
  // An area no model has evidence in has nothing to filter.
  form.hidden = data.inArea.totalCount === 0;
  // Region and strength filter the models addressing the area, on /models (region= here is the organisations' filter).
  const more = h('a', { class: 'more-filters', href: `/models?${new URLSearchParams({ area: areaKey, ...(chosen.family ? { family: chosen.family } : {}) }).toString()}` },
    'Models addressing this area, by region and strength of evidence');
  form.replaceChildren(
    h('div', { class: 'field' }, h('label', { for: verdictChoice.id }, 'Does it work here?'), verdictChoice),
    h('div', { class: 'field' }, h('label', { for: familyChoice.id }, 'Family of models with evidence here'), familyChoice),
    clear, more);
  verdictChoice.addEventListener('change', () => {
    chosen.verdicts = verdictChoice.value ? verdictChoice.value.split(',') : [];
    void apply(verdictChoice.id, true);
  });
  familyChoice.addEventListener('change', () => {
    chosen.family = familyChoice.value;
    void apply(familyChoice.id, false);
  });
}

function modelsList(areaKey: string, title: string, data: Answer, rows: AreaModel[], chosen: { verdicts: string[]; family: string },
  scales: Map<string, ScaleInfo>, known: VerdictMeanings, operation: Operation, filters: HTMLElement[]): HTMLElement {
  const models = data.models.nodes;
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
  const family = chosen.family;
  const suffix = [chosen.verdicts.map((value) => value.toLowerCase()).join('-'), family.toLowerCase()].filter(Boolean).join('-');
  return listSection({
    id,
    title,
    rows,
    // The family filter works on the models read; when they are not all, the count says so.
    total: family ? undefined : data.models.totalCount,
    partial: family && data.models.totalCount > models.length
      ? `the ${words(family).toLowerCase()} models among the first ${number(models.length)} of ${number(data.models.totalCount)}` : undefined,
    empty: family ? 'No model of this family has evidence here.'
      : chosen.verdicts.length > 0 ? 'No model with evidence here has this verdict.' : 'No model is evaluated by evidence about this area yet.',
    exportName: `${areaKey}-models-with-evidence${suffix ? `-${suffix}` : ''}`,
    node: (model) => exportNodeOf(model, { family: model.family, verdict: model.verdict.value }),
    columns: [
      { header: 'Model', cell: nodeLink, value: (model) => model.name },
      { header: 'Verdict here', cell: (model) => verdictBadge(model.verdict.value), value: (model) => verdictLabel(model.verdict.value), code: (model) => model.verdict.value },
      { header: 'Family', cell: (model) => words(model.family), value: (model) => words(model.family), code: (model) => model.family },
      { header: 'Evidence here', cell: (model) => h('ul', { class: 'plain' }, evidenceHere(model).map((item) =>
        h('li', null, nodeLink({ ...item, __typename: 'Evidence' }), ' ', ratingBadge(item.rating, scales)))),
      value: (model) => evidenceHere(model).map((item) => `${item.title} (${ratingWords(item.rating, scales)})`).join('; '),
      code: (model) => evidenceHere(model).map((item) => ratingCode(item.rating)).join('; ') },
      { header: 'Funded by', cell: (model) => (funders(model).length > 0
        ? h('ul', { class: 'plain funders' }, funders(model).map((funder) => h('li', null, nodeLink({ ...funder, __typename: 'Funder' }))))
        : 'no funding recorded'), value: (model) => funders(model).map((funder) => funder.name).join('; ') },
    ],
    intro: [
      filters,
      h('p', { class: 'detail' }, 'Models evaluated by evidence about this area or any area within it, ranked by that evidence alone: those that work here first, as the evidence here says, then the strongest evidence here. A model’s studies about other areas play no part. ',
        fundersCut
          ? `Funders are those of the model itself and of the first ${number(fundedOrganisations.nodes.length)} (by name) of the ${number(fundedOrganisations.totalCount)} funded organisations running models with evidence here. `
          : 'Funders are those of the model itself and of the organisations that run it. ',
        queryLink(operation, 'Open this list’s query in GraphiQL')),
      verdictsExplained(rows.map((model) => model.verdict.value), known),
    ],
  });
}
