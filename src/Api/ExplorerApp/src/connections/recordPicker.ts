/**
 * Choosing a record by searching for it: a search box and, under it, the best matches as buttons, each with its type
 * (and for an organisation its region and status, so two of one name can be told apart). Choosing one calls back
 * with the record; the page keeps the choice in its address.
 */
import { run } from '../api/graphql';
import { displayName, nodeNameFields, typeLabel, type NodeRef } from '../api/nodes';
import { announce, h } from '../app/dom';
import { nodeLink, typeBadge } from '../app/view';
import { statusLabel } from '../organisations/status';

export interface PickedRecord extends NodeRef {
  region?: string | null;
  status?: string | null;
}

const matchesQuery = `query PickRecord($q: String!) {
  search(query: $q, first: 8) {
    totalCount
    nodes { __typename ... on Node { id } ${nodeNameFields} ... on Organisation { region status } }
  }
}`;

/** One end of a question such as "how are these connected?": the record chosen, or a search to choose it. */
export function recordPicker(options: {
  id: string;
  /** The control's visible label, e.g. "From". */
  label: string;
  /** What the search finds, naming its landmark apart from the site's own search, e.g. "Find the record to start from". */
  purpose: string;
  chosen: PickedRecord | null;
  onChoose: (record: PickedRecord) => void;
  onClear: () => void;
}): HTMLElement {
  const { id, label, chosen } = options;
  if (chosen) {
    return h('div', { class: 'picker', id },
      h('p', { class: 'picker-label' }, label),
      h('p', { class: 'picker-chosen' }, typeBadge(chosen.__typename), ' ', nodeLink(chosen), describe(chosen), ' ',
        h('button', { type: 'button', class: 'secondary small', 'data-change': id, onclick: options.onClear }, 'Change',
          h('span', { class: 'visually-hidden' }, ` ${label.toLowerCase()}`))));
  }

  const input = h('input', { type: 'search', id: `${id}-q`, name: 'q', autocomplete: 'off', required: true, placeholder: 'A name or words from it' });
  const results = h('div', { class: 'picker-results', id: `${id}-results`, 'aria-live': 'polite' });
  const form = h('form', { class: 'picker-search', role: 'search', 'aria-label': options.purpose },
    h('label', { for: input.id }, label), h('div', { class: 'picker-row' }, input, h('button', { type: 'submit' }, 'Find')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (text) {
      void find(text);
    }
  });

  async function find(text: string): Promise<void> {
    results.replaceChildren(h('p', { class: 'loading' }, `Looking for “${text}”…`));
    try {
      const data = await run<{ search: { totalCount: number; nodes: PickedRecord[] } }>({ query: matchesQuery, variables: { q: text } });
      const found = data.search.nodes;
      if (found.length === 0) {
        results.replaceChildren(h('p', { class: 'empty' }, `Nothing matches “${text}”. Try fewer or other words.`));
        announce(`Nothing matches ${text}.`);
        return;
      }
      const more = data.search.totalCount - found.length;
      results.replaceChildren(
        h('p', { class: 'detail' }, more > 0 ? `The best ${found.length} of ${data.search.totalCount} matches; add words to narrow them.` : `${found.length} ${found.length === 1 ? 'match' : 'matches'}.`),
        h('ul', { class: 'plain picker-choices' }, found.map((record) => h('li', null,
          h('button', { type: 'button', class: 'secondary', 'data-choose': record.id, onclick: () => options.onChoose(record) },
            displayName(record), h('span', { class: 'picker-type' }, ` · ${typeLabel(record.__typename)}${describe(record)}`))))));
      announce(`${found.length} matches for ${text}.`);
    } catch (error) {
      results.replaceChildren(h('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error)));
    }
  }

  return h('div', { class: 'picker', id }, form, results);
}

/** What tells two records of one name apart: an organisation's region and whether it still exists. */
function describe(record: PickedRecord): string {
  const parts = [record.region, record.status ? statusLabel(record.status).toLowerCase() : null].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
