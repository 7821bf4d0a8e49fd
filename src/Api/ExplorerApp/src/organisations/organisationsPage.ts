/**
 * Every organisation, or those whose name (or other or former name) contains some text, filtered by status and
 * region and charted by region. Search ranks matches but takes no conditions; this list is the API's
 * organisations(where:), so the filters narrow it on the server and the counts are whole.
 */
import { h } from '../app/dom';
import { navigate } from '../app/router';
import { loading, pageHeading, show, showError } from '../app/view';
import { organisationListSection } from './organisationList';

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
      const parameters = new URLSearchParams(window.location.search);
      const value = input.value.trim();
      if (value) {
        parameters.set('q', value);
      } else {
        parameters.delete('q');
      }
      navigate(`/organisations${parameters.size > 0 ? `?${parameters.toString()}` : ''}`, { focus: '#organisations-q' });
    });
    show(text ? `Organisations named “${text}”` : 'Organisations',
      pageHeading(text ? `Organisations named “${text}”` : 'Organisations', null,
        h('p', { class: 'lead' }, 'Co-operatives, mutuals, social enterprises, charities, public bodies and companies, A to Z, with their status and region. ',
          text ? 'Their name, another name they go by or a former name contains the words as written. ' : null,
          h('a', { href: text ? `/search?q=${encodeURIComponent(text)}&type=Organisation` : '/search' }, 'Search'), ' ranks matches of each word instead.')),
      form,
      list);
  } catch (error) {
    showError('Organisations', error);
  }
}
