/**
 * Filters kept in the page's address (/models?family=CO_OPERATIVE&region=North+East), so that every filtered view can
 * be shared, bookmarked and reloaded as it is, and Back returns to the filters before. Views read their filters from
 * url.searchParams with filtersIn and change them here; a filter left at "all" is left out of the address, and the
 * address's other parameters (a search's words, another list's filters) are kept.
 */
import { h } from './dom';
import { navigate } from './router';
import { number } from './view';

/** The named filters of an address: each one's value as written, '' when it is not set. */
export function filtersIn<K extends string>(url: URL, names: readonly K[]): Record<K, string> {
  return Object.fromEntries(names.map((name) => [name, (url.searchParams.get(name) ?? '').trim()])) as Record<K, string>;
}

/** An address's query with its commas as written ("verdict=EFFECTIVE,PROMISING"): they mean the same either way, and read better. */
export function readable(parameters: URLSearchParams): string {
  return parameters.toString().replaceAll('%2C', ',');
}

/** The address with these filters changed ('' removes one), its path, other parameters and fragment as they were. */
export function addressWith(url: URL, changes: Record<string, string>): string {
  const address = new URL(url.href);
  for (const [name, value] of Object.entries(changes)) {
    if (value) {
      address.searchParams.set(name, value);
    } else {
      address.searchParams.delete(name);
    }
  }
  const query = readable(address.searchParams);
  return `${address.pathname}${query ? `?${query}` : ''}${address.hash}`;
}

/**
 * Shows the view again with the filters changed, as a new entry in the history (Back returns to the filters before),
 * keeping focus on the control named by a CSS selector, so keyboard and screen-reader users stay where they were.
 */
export function applyFilters(changes: Record<string, string>, focus?: string): void {
  navigate(addressWith(new URL(window.location.href), changes), focus ? { focus } : {});
}

/**
 * Records the changed filters of a list that reads its rows again itself, without showing the whole view anew: a new
 * entry in the history all the same, so Back shows the view with the filters before.
 */
export function recordFilters(changes: Record<string, string>): void {
  const address = addressWith(new URL(window.location.href), changes);
  if (address !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
    history.pushState(null, '', address);
  }
}

/** "Clear filters", naming the list for screen readers; hidden while no filter is chosen. */
export function clearFiltersButton(listId: string, listName: string, filtered: boolean, clear: () => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'secondary small clear-filters', 'data-clear-filters': listId, hidden: !filtered },
    'Clear filters', h('span', { class: 'visually-hidden' }, ` of ${listName}`));
  button.addEventListener('click', clear);
  return button;
}

/** What a filtered list shows, and how many of how many: "Showing co-operative models delivered in North East: 3 of 83." */
export function filterSummary(what: string, shown: number | null, of: number | null): string {
  return `Showing ${what}${shown !== null && of !== null ? `: ${number(shown)} of ${number(of)}` : ''}.`;
}

/** One choice of a filter: the address's value, its words, and how many items choosing it lists (when counted). */
export interface Choice {
  value: string;
  label: string;
  count?: number;
}

/**
 * A filter as a select: "all" first (with the whole list's count when known), then the choices. A value set in the
 * address that is not among them is added with no count, so the filter always says what the list holds.
 */
export function choiceSelect(id: string, name: string, all: Choice, choices: Choice[], chosen: string): HTMLSelectElement {
  const options = chosen && !choices.some((choice) => choice.value === chosen) ? [...choices, { value: chosen, label: chosen }] : choices;
  const label = (choice: Choice) => `${choice.label}${choice.count === undefined ? '' : ` (${number(choice.count)})`}`;
  return h('select', { id, name, 'data-filter': name },
    h('option', { value: '' }, label(all)),
    options.map((choice) => h('option', { value: choice.value, selected: choice.value === chosen }, label(choice))));
}
