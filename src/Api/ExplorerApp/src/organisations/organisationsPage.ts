/**
 * Every organisation, or those whose name (or other or former name) contains some text as written, filtered by
 * status and region and charted by region. This list is the API's organisations(where:), so the filters narrow it
 * on the server and the counts are whole; search, which ranks matches of each word, takes the same filters.
 */
import { h } from '../app/dom';
import { addressWith, applyFilters } from '../app/filters';
import { loading, pageHeading, show, showError } from '../app/view';
import { organisationFiltersIn, organisationListSection } from './organisationList';

export async function organisationsPage(url: URL): Promise<void> {
  const text = (url.searchParams.get('q') ?? '').trim();
  loading('organisations');
  const base = text
    ? { or: [{ name: { contains: text } }, { alternativeNames: { contains: text } }, { formerNames: { contains: text } }] }
    : {};
  try {
    const list = await organisationListSection({
      id: 'organisations', title: text ? `Organisations named “${text}”` : 'Organisations',
      empty: text ? 'No organisation’s name contains these words as written. Search finds words in any order.' : 'No organisation is recorded.',
      operationName: 'Organisations', base, url, chart: true,
      exportName: text ? `organisations-named-${text}` : 'organisations',
    });
    const input = h('input', { id: 'organisations-q', name: 'q', type: 'search', value: text, autocomplete: 'off' });
    const form = h('form', { class: 'filter-form', role: 'search', 'aria-label': 'Organisations by name' },
      h('div', { class: 'field' }, h('label', { for: input.id }, 'Name contains'), input),
      h('button', { type: 'submit' }, 'List'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      // The status and region chosen stay; only the name changes.
      applyFilters({ q: input.value.trim() }, '#organisations-q');
    });
    // The same words and filters as a search of organisations, which ranks matches of each word in any order; read
    // from the address when followed, since the list's filters change it.
    const searchHref = (address: URL) => {
      const filters = organisationFiltersIn(address);
      return text ? addressWith(new URL('/search', address.origin), { q: text, type: 'Organisation', status: filters.status, region: filters.region }) : '/search';
    };
    const search = h('a', { href: searchHref(url) }, 'Search');
    search.addEventListener('click', () => {
      search.href = searchHref(new URL(window.location.href));
    });
    show(text ? `Organisations named “${text}”` : 'Organisations',
      pageHeading(text ? `Organisations named “${text}”` : 'Organisations', null,
        h('p', { class: 'lead' }, 'Co-operatives, mutuals, social enterprises, charities, public bodies and companies, A to Z, with their status and region. ',
          text ? 'Their name, another name they go by or a former name contains the words as written. ' : null,
          search, ' ranks matches of each word instead.')),
      form,
      list);
  } catch (error) {
    showError('Organisations', error);
  }
}
