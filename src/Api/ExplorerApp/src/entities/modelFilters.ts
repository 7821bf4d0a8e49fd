/**
 * The filters of a list of models: the challenge area they address, their family, whether they work (their verdict),
 * how strong their strongest evidence is, and the region they are delivered in. Each is a parameter of the address
 * (area=elderly-care&family=CO_OPERATIVE&verdict=EFFECTIVE,PROMISING&strength=2&region=North+East) and a condition of
 * the API's ModelFilterInput, so a list filtered here is models(where:) with the same where, and anyone can ask the
 * API the same question.
 */
import { words } from '../app/dom';
import { choiceSelect, filtersIn, type Choice } from '../app/filters';
import type { FacetCount } from '../organisations/regionChart';
import { describeVerdicts, verdictsFrom, type VerdictMeanings } from './verdict';

export const modelFilterNames = ['area', 'family', 'verdict', 'strength', 'region'] as const;
export type ModelFilterName = (typeof modelFilterNames)[number];

export interface ModelFilters {
  /** A challenge area's key: the models addressing it or an area within it. */
  area: string;
  family: string;
  verdicts: string[];
  /** The lowest rating level the model's strongest evidence may have. */
  strength: number | null;
  /** Delivered in: run by an organisation in this region. */
  region: string;
}

export interface AreaChoice {
  key: string;
  name: string;
  depth: number;
}

export function modelFiltersIn(url: URL, known: VerdictMeanings): ModelFilters {
  const chosen = filtersIn(url, modelFilterNames);
  return {
    area: chosen.area,
    family: /^[A-Z_]+$/.test(chosen.family) ? chosen.family : '',
    verdicts: verdictsFrom(chosen.verdict || null, known),
    strength: /^[1-9]$/.test(chosen.strength) ? Number(chosen.strength) : null,
    region: chosen.region,
  };
}

/** The filters as the address's parameters, '' for each not chosen. */
export function modelFilterParameters(filters: ModelFilters): Record<ModelFilterName, string> {
  return {
    area: filters.area,
    family: filters.family,
    verdict: filters.verdicts.join(','),
    strength: filters.strength === null ? '' : String(filters.strength),
    region: filters.region,
  };
}

export function isFiltered(filters: ModelFilters, among: readonly ModelFilterName[] = modelFilterNames): boolean {
  const parameters = modelFilterParameters(filters);
  return among.some((name) => parameters[name] !== '');
}

/**
 * The API's where for the models with these filters; without the one left out, whose choices it then counts (each
 * filter's counts are of the list under the other filters, so a count is what choosing it lists).
 */
export function modelWhere(filters: ModelFilters, leaveOut?: ModelFilterName): Record<string, unknown> {
  const where: Record<string, unknown> = {};
  if (filters.area && leaveOut !== 'area') {
    where['challengeAreas'] = { some: { within: { key: { eq: filters.area } } } };
  }
  if (filters.family && leaveOut !== 'family') {
    where['family'] = { eq: filters.family };
  }
  if (filters.verdicts.length > 0 && leaveOut !== 'verdict') {
    where['verdict'] = { in: filters.verdicts };
  }
  // The strongest evidence is at level N or higher when some evidence is: the API's bestEvidenceLevel is their highest rating.
  if (filters.strength !== null && leaveOut !== 'strength') {
    where['evidence'] = { some: { rating: { level: { gte: filters.strength } } } };
  }
  if (filters.region && leaveOut !== 'region') {
    where['organisations'] = { some: { region: { eq: filters.region } } };
  }
  return where;
}

/** A family as an adjective: "co-operative", "outcomes partnership", "service" (for SERVICE_MODEL). */
function familyWords(family: string): string {
  return words(family).toLowerCase().replace(/ model$/, '');
}

/**
 * The filters in words: "co-operative models that work (effective or promising) addressing “Elderly care” delivered
 * in North East with evidence rated level 2 or higher".
 */
export function describeModels(filters: ModelFilters, areaName?: string | null): string {
  const models = filters.verdicts.length > 0 ? describeVerdicts(filters.verdicts) : 'models';
  return [
    filters.family ? models.replace(/^models/, `${familyWords(filters.family)} models`) : models,
    filters.area ? ` addressing “${areaName ?? filters.area}”` : '',
    filters.region ? ` delivered in ${filters.region}` : '',
    filters.strength !== null ? ` with evidence rated level ${filters.strength} or higher` : '',
  ].join('');
}

/** Counts of a facet as a map, or nothing when the choices are not counted. */
function countsOf(facets: FacetCount[] | null): (value: string) => number | undefined {
  return (value) => (facets ? facets.find((entry) => entry.value === value)?.count ?? 0 : undefined);
}

/** The families, most models first, each with its count among the list under the other filters. */
export function familySelect(id: string, chosen: string, total: number | undefined, facets: FacetCount[], counted = true): HTMLSelectElement {
  const count = countsOf(counted ? facets : null);
  const choices: Choice[] = facets.flatMap((entry) => (entry.value ? [{ value: entry.value, label: words(entry.value), count: count(entry.value) }] : []));
  return choiceSelect(id, 'family', { value: '', label: 'All families', count: total }, choices, chosen);
}

/**
 * "Level N or higher", strongest first, for each level the API's facet of best evidence levels holds; each counts the
 * models whose strongest evidence is at that level or above.
 */
export function strengthSelect(id: string, chosen: number | null, total: number | undefined, facets: FacetCount[], counted = true): HTMLSelectElement {
  const levels = facets.flatMap((entry) => (entry.value ? [Number(entry.value)] : [])).filter(Number.isInteger).sort((a, b) => b - a);
  const choices: Choice[] = levels.map((level) => ({
    value: String(level),
    label: `Level ${level} or higher`,
    count: counted ? facets.filter((entry) => entry.value && Number(entry.value) >= level).reduce((sum, entry) => sum + entry.count, 0) : undefined,
  }));
  return choiceSelect(id, 'strength', { value: '', label: 'Any strength, or none', count: total }, choices, chosen === null ? '' : String(chosen));
}

/** The regions models are delivered in, A to Z, each with its count; models run where no region is recorded are no choice. */
export function regionSelect(id: string, chosen: string, total: number | undefined, facets: FacetCount[]): HTMLSelectElement {
  const choices: Choice[] = facets.flatMap((entry) => (entry.value ? [{ value: entry.value, label: entry.value, count: entry.count }] : []))
    .sort((a, b) => a.label.localeCompare(b.label));
  return choiceSelect(id, 'region', { value: '', label: 'Anywhere', count: total }, choices, chosen);
}

/** The challenge areas in tree order, each sub-area indented under its area. */
export function areaSelect(id: string, chosen: string, areas: AreaChoice[]): HTMLSelectElement {
  // No counts: the API's facet counts the models of each area itself, not those of the areas within it, which this filter takes.
  const choices: Choice[] = areas.map((area) => ({ value: area.key, label: `${'\u00a0\u00a0\u00a0'.repeat(area.depth)}${area.name}` }));
  return choiceSelect(id, 'area', { value: '', label: 'All areas' }, choices, chosen);
}
