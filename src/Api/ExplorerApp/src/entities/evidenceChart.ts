/**
 * An area's evidence as a picture: one bar per study design, split by how strong the evidence is (its rating's level,
 * strongest on the left), counting the evidence about the area and every area beneath it as its evidence status
 * does. The counts are the API's facets: for each design the area's evidence holds, the evidence of that design by
 * rating, all in one request, whatever the number of items.
 */
import { run, type Operation } from '../api/graphql';
import { h, words } from '../app/dom';
import { number, queryLink } from '../app/view';
import { barChart, type ChartSeries } from '../charts/barChart';
import type { EvidenceStatus } from './evidenceStatus';
import type { ScaleInfo } from './rating';
import { designLabel } from './verdict';

interface FacetCount {
  value: string | null;
  count: number;
}

type Answer = Record<string, { totalCount: number; facets: { rating: FacetCount[] } | null }>;

/**
 * Each scale's colours by level, lightest for the weakest: a ramp of one hue per scale, every step with 3:1 contrast
 * with white. The levels are also told apart by pattern and named in the legend.
 */
const ramps: Record<string, string[]> = {
  NESTA: ['#6a8fcc', '#4b7bc4', '#2b5aa6', '#163d7a', '#0c2c5e'],
  MARYLAND_SMS: ['#3d8b47', '#2f7a3a', '#2a6b33', '#225a2b', '#163d1d'],
  FOUNDATIONS: ['#8e6bb8', '#7b5ea7', '#6a4c9c', '#5a3d8a'],
};
const otherRamp = ['#8c510a', '#7a4609', '#683b07', '#553006', '#432504'];

/** What a rating facet's value ("NESTA 3") stands for; null is evidence nobody has appraised. */
const notAppraised = 'none';

export function evidenceChartQuery(designs: string[]): string {
  const fields = designs.map((design, index) => `  d${index}: evidence(where: { challengeAreas: { some: { within: { key: { eq: $key } } } }, design: { eq: ${design} } }, first: 1) {
    totalCount
    facets { rating { value count } }
  }`);
  return `query ChallengeAreaEvidenceByDesignAndRating($key: String!) {\n${fields.join('\n')}\n}`;
}

/** The area page's chart of evidence by design and strength; null when the area holds too little evidence to chart. */
export async function evidenceChartSection(areaKey: string, status: EvidenceStatus, scales: Map<string, ScaleInfo>): Promise<HTMLElement | null> {
  // Designs are the API's enum names; anything else would not be one, and has no place in a query.
  const designs = status.byDesign.filter((entry) => entry.count > 0 && /^[A-Z_]+$/.test(entry.design)).map((entry) => entry.design);
  if (status.evidenceCount < 2 || designs.length === 0) {
    return null;
  }
  const operation: Operation = { query: evidenceChartQuery(designs), variables: { key: areaKey } };
  const title = 'Evidence by design and strength';
  const section = (...content: (HTMLElement | null)[]) => h('section', { class: 'panel', id: 'evidence-chart', 'aria-labelledby': 'evidence-chart-heading' },
    h('h2', { id: 'evidence-chart-heading' }, title), ...content);
  let answer: Answer;
  try {
    answer = await run<Answer>(operation);
  } catch (error) {
    return section(h('div', { class: 'error', role: 'alert' }, h('p', null, `This chart could not be read: ${error instanceof Error ? error.message : String(error)}`)));
  }

  const counts = designs.map((design, index) => ({ design, total: answer[`d${index}`]?.totalCount ?? 0, ratings: answer[`d${index}`]?.facets?.rating ?? [] }));
  const series = seriesOf(counts.flatMap((entry) => entry.ratings.map((rating) => rating.value)), scales);
  const bars = counts.filter((entry) => entry.total > 0).sort((a, b) => b.total - a.total || designLabel(a.design).localeCompare(designLabel(b.design)))
    .map((entry) => ({
      key: entry.design, label: designLabel(entry.design), value: entry.total, valueText: number(entry.total),
      segments: series.map((part) => ({ series: part.key, value: entry.ratings.find((rating) => (rating.value ?? notAppraised) === part.key)?.count ?? 0 })),
    }));
  return section(
    h('p', { class: 'detail' }, 'Each bar is one study design, split by the strength of its evidence: the level of its rating on a named scale, strongest on the left. It counts the evidence about this area and the areas within it.'),
    barChart({
      id: 'evidence-by-design', title: `Evidence items by study design and rating: ${number(status.evidenceCount)} in all`, bars, series, format: number,
      labelHeader: 'Study design', valueHeader: 'Evidence items',
      footer: h('p', null, queryLink(operation, 'Open the chart’s query in GraphiQL')),
    }));
}

/** The parts of the bars: each scale's levels strongest first, the scales in the API's order, and the unappraised last. */
function seriesOf(values: (string | null)[], scales: Map<string, ScaleInfo>): ChartSeries[] {
  const order = [...scales.keys()];
  const ratings = [...new Set(values.filter((value): value is string => value !== null))]
    .map((value) => {
      const [scale = value, level = '0'] = value.split(' ');
      return { value, scale, level: Number(level) };
    })
    .sort((a, b) => rank(order, a.scale) - rank(order, b.scale) || a.scale.localeCompare(b.scale) || b.level - a.level);
  const series: ChartSeries[] = ratings.map((rating) => {
    const ramp = ramps[rating.scale] ?? otherRamp;
    return {
      key: rating.value,
      label: `${scales.get(rating.scale)?.title ?? words(rating.scale)}: level ${rating.level}`,
      colour: ramp[Math.min(Math.max(rating.level - 1, 0), ramp.length - 1)] ?? '#0c2c5e',
    };
  });
  if (values.includes(null)) {
    series.push({ key: notAppraised, label: 'Not appraised', colour: '#8a8a8a', unknown: true });
  }
  return series;
}

function rank(order: string[], scale: string): number {
  const index = order.indexOf(scale);
  return index < 0 ? order.length : index;
}
