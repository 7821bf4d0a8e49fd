/** The start: one search box, and the eight challenge areas to start from without typing. */
import { run } from '../api/graphql';
import { h } from '../app/dom';
import { navigate } from '../app/router';
import { loading, nodeLink, pageHeading, queryLink, show, showError } from '../app/view';

const areasQuery = `query StartingPoints {
  challengeAreas(where: { depth: { eq: 0 } }, order: [{ name: ASC }], first: 50) {
    nodes { __typename id name description children { __typename id name } }
  }
  models { totalCount } organisations { totalCount } evidence { totalCount } funders { totalCount }
}`;

interface Area { __typename: string; id: string; name: string; description: string | null; children: { __typename: string; id: string; name: string }[] }

export async function homePage(): Promise<void> {
  loading('the explorer');
  try {
    const data = await run<{ challengeAreas: { nodes: Area[] }; models: { totalCount: number }; organisations: { totalCount: number }; evidence: { totalCount: number }; funders: { totalCount: number } }>({ query: areasQuery });
    const form = h('form', { class: 'search-form big', role: 'search', 'aria-label': 'Search the graph' },
      h('div', { class: 'search-row' },
        h('label', { for: 'home-q' }, 'What are you looking for?'),
        h('input', { id: 'home-q', name: 'q', type: 'search', placeholder: 'e.g. homelessness prevention', autocomplete: 'off' }),
        h('button', { type: 'submit' }, 'Search')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = String(new FormData(form).get('q') ?? '').trim();
      navigate(`/search?q=${encodeURIComponent(text)}`);
    });
    show('Start',
      pageHeading('Explore the social economy and the evidence of what works', null,
        h('p', { class: 'lead' }, `${data.models.totalCount} models, ${data.organisations.totalCount} organisations, ${data.funders.totalCount} funders and ${data.evidence.totalCount} evidence items, each with its sources.`)),
      form,
      h('section', { class: 'panel', 'aria-labelledby': 'areas-heading' },
        h('h2', { id: 'areas-heading' }, 'Start from a challenge area'),
        h('ul', { class: 'area-cards' }, data.challengeAreas.nodes.map((area) => h('li', { class: 'card' },
          h('h3', null, nodeLink(area)),
          area.description ? h('p', null, area.description) : null,
          area.children.length > 0 ? h('p', { class: 'detail' }, 'Within it: ', area.children.map((child, index) => [index > 0 ? ', ' : null, nodeLink(child)])) : null)))),
      h('p', null, queryLink({ query: areasQuery })));
  } catch (error) {
    showError('Start', error);
  }
}
