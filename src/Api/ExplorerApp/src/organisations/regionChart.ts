/**
 * Organisations by region as a bar chart, for people who would rather look than read: HTML, not a drawing, so that
 * each bar's number is text on the page and a screen reader hears a list of "region, count". Built from the API's
 * facets { region } of the list as shown.
 */
import { h } from '../app/dom';
import { number } from '../app/view';

export interface FacetCount {
  value: string | null;
  count: number;
}

/** The label of organisations with no region: the API counts them under a null value. */
export const noRegion = 'No region recorded';

export function regionChart(id: string, caption: string, regions: FacetCount[]): HTMLElement {
  const total = regions.reduce((sum, entry) => sum + entry.count, 0);
  const largest = Math.max(1, ...regions.map((entry) => entry.count));
  // Largest first, and the organisations without a region last: they are a gap in the data, not a place.
  const bars = [...regions].filter((entry) => entry.count > 0).sort((a, b) =>
    Number(a.value === null) - Number(b.value === null) || b.count - a.count || (a.value ?? '').localeCompare(b.value ?? ''));
  return h('figure', { class: 'bar-chart', id, 'aria-labelledby': `${id}-caption` },
    h('figcaption', { id: `${id}-caption` }, caption),
    h('ol', { class: 'bars' }, bars.map((entry) => h('li', { 'data-region': entry.value ?? '', class: entry.value === null ? 'unknown' : null },
      h('span', { class: 'bar-label' }, entry.value ?? noRegion),
      h('span', { class: 'bar-track', 'aria-hidden': 'true' },
        h('span', { class: 'bar', style: `width:${((100 * entry.count) / largest).toFixed(1)}%` })),
      h('span', { class: 'bar-value' },
        h('span', { class: 'bar-count' }, number(entry.count)),
        h('span', { class: 'bar-share' }, ` (${share(entry.count, total)})`))))));
}

function share(count: number, total: number): string {
  const percent = total === 0 ? 0 : (100 * count) / total;
  return percent > 0 && percent < 1 ? 'under 1%' : `${Math.round(percent)}%`;
}
