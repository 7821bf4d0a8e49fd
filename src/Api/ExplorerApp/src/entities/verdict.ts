/**
 * Whether a model works, as its evidence says: the API's verdict (Model.verdict), apart from how strong the evidence
 * is. The words come from the API: each verdict's meaning is the description of its Verdict value, and the rule
 * that decides is the description of the Verdict type, read once by introspection. The page never shows the
 * enum's codes (CSV keeps them in a column of their own, beside the words).
 */
import { run } from '../api/graphql';
import { pageHref } from '../api/nodes';
import { h, words, type Child } from '../app/dom';
import { dataTable, nodeLink, number } from '../app/view';
import type { FacetCount } from '../organisations/regionChart';
import { ratingBadge, ratingCode, ratingExplained, type MaybeRating, type ScaleInfo } from './rating';

/** The fields of Model.verdict a model's page shows. */
export const verdictFields = `value rule reason decidedBy { id key title year design rating { scale level label reason } findings { outcome { __typename id name } effect note } }`;

export interface DecidingStudy {
  id: string;
  key: string;
  title: string;
  year: number | null;
  design: string;
  rating: MaybeRating;
  findings: { outcome: { id: string; name: string }; effect: string | null; note: string | null }[];
}

export interface ModelVerdict {
  value: string;
  rule: string;
  reason: string;
  decidedBy: DecidingStudy[];
}

/** The verdicts that say a model works: "effective or promising". */
export const works = ['EFFECTIVE', 'PROMISING'];

/** "No effect found" for NO_EFFECT_FOUND. */
export function verdictLabel(value: string | null | undefined): string {
  return value ? words(value) : 'No verdict';
}

/** The direction of a finding in words: "Positive", "No effect". */
export function effectText(effect: string | null): string {
  return effect ? words(effect) : 'direction not stated';
}

/** How a study was made, in the words the API's verdicts use for the designs that can attribute an effect. */
export function designLabel(design: string | null | undefined): string {
  switch (design) {
    case 'RCT':
      return 'Randomised controlled trial';
    case 'QUASI_EXPERIMENTAL':
      return 'Quasi-experimental comparison';
    default:
      return words(design);
  }
}

export function verdictBadge(value: string | null | undefined): HTMLElement {
  return h('span', { class: `verdict-badge verdict-${(value ?? 'none').toLowerCase().replaceAll('_', '-')}` }, verdictLabel(value));
}

export interface VerdictMeanings {
  /** The rule, in the API's words, with each verdict's code put in words. */
  rule: string | null;
  /** Each verdict's meaning, in the order the API lists them. */
  values: Map<string, string>;
}

let meanings: Promise<VerdictMeanings> | null = null;

export function loadVerdictMeanings(): Promise<VerdictMeanings> {
  meanings ??= run<{ verdict: { description: string | null; enumValues: { name: string; description: string | null }[] } | null }>({
    query: 'query Verdicts { verdict: __type(name: "Verdict") { description enumValues { name description } } }',
  }).then((data) => {
    const values = new Map((data.verdict?.enumValues ?? []).map((value) => [value.name, value.description ?? '']));
    const codes = [...values.keys()];
    const rule = data.verdict?.description ?? null;
    return {
      rule: rule && codes.length > 0 ? rule.replace(new RegExp(`\\b(${codes.join('|')})\\b`, 'g'), (code) => `“${verdictLabel(code)}”`) : rule,
      values,
    };
  }).catch(() => ({ rule: null, values: new Map<string, string>() }));
  return meanings;
}

/** The verdicts of the address's verdict= (codes separated by commas), those the API knows, in its order. */
export function verdictsFrom(parameter: string | null, known: VerdictMeanings): string[] {
  const asked = (parameter ?? '').split(',').map((value) => value.trim()).filter((value) => /^[A-Z_]+$/.test(value));
  const order = [...known.values.keys()];
  if (order.length === 0) {
    return [...new Set(asked)];
  }
  return order.filter((value) => asked.includes(value));
}

/** The chosen verdicts in words: "models that work (effective or promising)", "models whose verdict is “Mixed”". */
export function describeVerdicts(verdicts: string[]): string {
  if (verdicts.length === works.length && works.every((value) => verdicts.includes(value))) {
    return 'models that work (effective or promising)';
  }
  return `models whose verdict is ${verdicts.map((value) => `“${verdictLabel(value)}”`).join(' or ')}`;
}

/**
 * The verdict filter: all, effective or promising, then each verdict in the API's order, each with its count in
 * the list it filters (the API's facets). Its value is the verdict= of the address.
 */
export function verdictSelect(id: string, chosen: string[], total: number | null, facets: FacetCount[] | null, known: VerdictMeanings): HTMLSelectElement {
  const count = (values: string[]) => (facets ? ` (${number(facets.filter((entry) => entry.value !== null && values.includes(entry.value)).reduce((sum, entry) => sum + entry.count, 0))})` : '');
  const each = known.values.size > 0 ? [...known.values.keys()] : (facets ?? []).flatMap((entry) => (entry.value ? [entry.value] : []));
  const choices: [string[], string][] = [[works, 'Effective or promising'], ...each.map((value): [string[], string] => [[value], verdictLabel(value)])];
  const value = chosen.join(',');
  // A combination typed into the address is shown as it is, so the filter always says what the list holds.
  if (chosen.length > 0 && !choices.some(([values]) => values.join(',') === value)) {
    choices.push([chosen, chosen.map(verdictLabel).join(' or ')]);
  }
  return h('select', { id, name: 'verdict', 'data-filter': 'verdict' },
    h('option', { value: '' }, `All verdicts${total === null ? '' : ` (${number(total)})`}`),
    choices.map(([values, label]) => h('option', { value: values.join(','), selected: values.join(',') === value }, `${label}${count(values)}`)));
}

/** "What the verdicts mean": each verdict present, with the API's description, and the rule that decides. */
export function verdictsExplained(present: string[], known: VerdictMeanings): HTMLElement | null {
  const shown = [...known.values.keys()].filter((value) => present.includes(value) && known.values.get(value));
  if (shown.length === 0) {
    return null;
  }
  return h('details', { class: 'verdicts-explained' }, h('summary', null, 'What the verdicts mean'),
    h('dl', { class: 'facts' }, shown.map((value) => [h('dt', null, verdictLabel(value)), h('dd', null, known.values.get(value) ?? '')])),
    known.rule ? h('p', { class: 'detail' }, known.rule) : null);
}

/** The reason, with each deciding study it names by its key linked to the study's page. */
function reasonWithLinks(verdict: ModelVerdict): Child[] {
  const byKey = new Map(verdict.decidedBy.map((study) => [study.key, study]));
  const keys = [...byKey.keys()].sort((a, b) => b.length - a.length).map((key) => key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (keys.length === 0) {
    return [verdict.reason];
  }
  return verdict.reason.split(new RegExp(`\\b(${keys.join('|')})\\b`)).map((part) => {
    const study = byKey.get(part);
    return study ? h('a', { href: pageHref({ __typename: 'Evidence', id: study.id }), title: study.title }, part) : part;
  });
}

/**
 * A model's "Does it work?": the verdict in words with its meaning and reason, the rule that made it, and the
 * studies that decided it with their design, year, rating and findings. A model no study decides says so in a line.
 */
export function verdictSection(verdict: ModelVerdict, scales: Map<string, ScaleInfo>, known: VerdictMeanings): HTMLElement {
  const meaning = known.values.get(verdict.value);
  const body = verdict.decidedBy.length === 0
    ? [h('p', { class: 'verdict-line' }, verdictBadge(verdict.value), ' ', verdict.reason, ' ',
      h('span', { class: 'detail' }, 'A verdict by the rule ', h('code', null, verdict.rule), ', apart from how strong the evidence is.'))]
    : [
      h('p', { class: 'verdict-value' }, verdictBadge(verdict.value), meaning ? [' ', h('span', { class: 'verdict-meaning' }, meaning)] : null),
      h('p', { class: 'verdict-reason' }, h('strong', null, 'Why: '), reasonWithLinks(verdict)),
      h('p', { class: 'detail verdict-rule' }, 'This verdict is derived by the rule ', h('code', null, verdict.rule),
        ' from the direction of effect the studies found. It says whether the model works, apart from how strong its evidence is: the ratings play no part in it.'),
      known.rule ? h('details', { class: 'verdicts-explained' }, h('summary', null, 'How the rule decides'), h('p', null, known.rule)) : null,
      h('h3', { id: 'verdict-studies-heading' }, 'The studies that decided it ', h('span', { class: 'count' }, `(${number(verdict.decidedBy.length)})`)),
      dataTable('The studies that decided the verdict', verdict.decidedBy, [
        { header: 'Study', cell: (study) => [nodeLink({ ...study, __typename: 'Evidence' }), h('br'),
          h('span', { class: 'detail study-design' }, [designLabel(study.design), study.year ? String(study.year) : null].filter(Boolean).join(' · '))],
        value: (study) => study.title },
        { header: 'Rating (how strong)', cell: (study) => [ratingBadge(study.rating, scales), ratingExplained(study.rating, scales)], value: (study) => ratingCode(study.rating) },
        { header: 'What it found', cell: (study) => (study.findings.length > 0
          ? h('ul', { class: 'plain findings' }, study.findings.map((finding) => h('li', null,
            h('span', { class: 'finding' }, nodeLink({ ...finding.outcome, __typename: 'Outcome' }), ': ', h('strong', null, effectText(finding.effect))),
            finding.note ? h('span', { class: 'detail finding-note' }, finding.note) : null)))
          : 'no finding recorded'), value: (study) => study.findings.length },
      ]),
    ];
  return h('section', { class: 'panel verdict', id: 'verdict', 'aria-labelledby': 'verdict-heading' },
    h('h2', { id: 'verdict-heading' }, 'Does it work?'),
    body);
}

/** A model's verdict in one challenge area, on the evidence about that area alone. */
export interface AreaVerdict {
  area: { id: string; name: string; depth: number };
  value: string;
  reason: string;
  bestEvidenceLevel: number | null;
  decidedBy: { id: string; title: string }[];
}

/**
 * "Does it work in each area?": the API's verdict per area the model's evidence is about, so a commissioner sees
 * that a model effective in one area may have no evidence, or a null trial, in another.
 */
export function areaVerdictsSection(verdicts: AreaVerdict[]): HTMLElement | null {
  if (verdicts.length === 0) {
    return null;
  }
  return h('section', { class: 'panel area-verdicts', id: 'area-verdicts', 'aria-labelledby': 'area-verdicts-heading' },
    h('h2', { id: 'area-verdicts-heading' }, 'Does it work in each area? ', h('span', { class: 'count' }, `(${number(verdicts.length)})`)),
    h('p', { class: 'detail' }, 'The same rule, read on the evidence about each area (and the areas within it) alone: a study about one area says nothing of another.'),
    dataTable('The verdict in each area its evidence is about', verdicts, [
      { header: 'Area', cell: (row) => h('span', { class: row.area.depth > 0 ? 'sub-area' : undefined }, nodeLink({ ...row.area, __typename: 'ChallengeArea' })), value: (row) => row.area.name },
      { header: 'Verdict here', cell: (row) => [verdictBadge(row.value), h('br'), h('span', { class: 'detail' }, row.reason)], value: (row) => verdictLabel(row.value) },
      { header: 'Strongest evidence here', cell: (row) => (row.bestEvidenceLevel === null ? 'not appraised' : `level ${String(row.bestEvidenceLevel)}`), value: (row) => row.bestEvidenceLevel ?? 0 },
      { header: 'Decided by', cell: (row) => (row.decidedBy.length > 0
        ? h('ul', { class: 'plain' }, row.decidedBy.map((study) => h('li', null, nodeLink({ ...study, __typename: 'Evidence' }))))
        : 'no study reports a direction of effect'), value: (row) => row.decidedBy.length },
    ]));
}
