/**
 * Organisations by region as a bar chart, for people who would rather look than read: each bar's count and share
 * written beside it, and the counts as a table one click away. Built from the API's facets { region } of the list as
 * shown.
 */
import { barChart } from '../charts/barChart';
import { number } from '../app/view';

export interface FacetCount {
  value: string | null;
  count: number;
}

/** The label of organisations with no region: the API counts them under a null value. */
export const noRegion = 'No region recorded';

export function regionChart(id: string, caption: string, regions: FacetCount[]): HTMLElement {
  const total = regions.reduce((sum, entry) => sum + entry.count, 0);
  // Largest first, and the organisations without a region last: they are a gap in the data, not a place.
  const bars = [...regions].filter((entry) => entry.count > 0).sort((a, b) =>
    Number(a.value === null) - Number(b.value === null) || b.count - a.count || (a.value ?? '').localeCompare(b.value ?? ''));
  return barChart({
    id, title: caption, labelHeader: 'Region', valueHeader: 'Organisations', format: number,
    bars: bars.map((entry) => ({
      key: entry.value ?? '', label: entry.value ?? noRegion, value: entry.count, valueText: number(entry.count),
      note: ` (${share(entry.count, total)})`, unknown: entry.value === null,
    })),
  });
}

function share(count: number, total: number): string {
  const percent = total === 0 ? 0 : (100 * count) / total;
  return percent > 0 && percent < 1 ? 'under 1%' : `${Math.round(percent)}%`;
}
