/**
 * A list of related records that can run long (the organisations of a model, the models of an area...), read a
 * page at a time through its connection: a plain list longer than the API's Limits:MaxListSize is an error
 * (LIST_TOO_LONG), and even below that a page of thousands of rows helps nobody. The heading gives the total and
 * how many are shown; "Show more" appends the next page, read after the last cursor. The list reads its own
 * pages, so when it fails only this section says so and the rest of the page stands.
 */
import { run, type Operation } from '../api/graphql';
import { announce, h } from './dom';
import { failedSection, listSection, number, queryLink, type ListOptions } from './view';

export interface Page<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
}

export interface PagedListOptions<T> extends Omit<ListOptions<T>, 'rows' | 'total' | 'footer' | 'partial'> {
  /** The query of one page: its variables are the operation's own plus first and after; the answer's page is found by `page`. */
  operation: Operation;
  pageSize: number;
  page: (data: unknown) => Page<T>;
  /** Orders the rows loaded so far (e.g. strongest evidence first); without it they keep the API's order. */
  sort?: (a: T, b: T) => number;
}

/** The section with its first page, or with the reason it could not be read. */
export async function pagedListSection<T>(options: PagedListOptions<T>): Promise<HTMLElement> {
  const holder = h('div', { class: 'paged-list' });
  const rows: T[] = [];
  let total = 0;
  let next: string | null = null;

  const fetchPage = async (after: string | null) => {
    const data = await run<unknown>({ ...options.operation, variables: { ...options.operation.variables, first: options.pageSize, after } });
    const page = options.page(data);
    rows.push(...page.nodes);
    total = page.totalCount;
    next = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  };

  const render = (problem?: string) => {
    const sorted = options.sort ? [...rows].sort(options.sort) : rows;
    const more = next === null ? null : h('button', { type: 'button', class: 'secondary show-more', 'data-show-more': options.id },
      `Show ${number(Math.min(options.pageSize, total - rows.length))} more`, h('span', { class: 'visually-hidden' }, ` of ${options.title.toLowerCase()}`));
    more?.addEventListener('click', () => void showMore(more));
    holder.replaceChildren(listSection({
      ...options,
      rows: sorted,
      total,
      footer: h('div', { class: 'list-footer' },
        more,
        problem ? h('p', { class: 'error', role: 'alert' }, `The next page could not be read: ${problem}`) : null,
        queryLink({ ...options.operation, variables: { ...options.operation.variables, first: options.pageSize, after: null } },
          'Open this list’s query in GraphiQL')),
    }));
  };

  const showMore = async (button: HTMLButtonElement) => {
    const before = rows.length;
    button.disabled = true;
    button.textContent = 'Loading…';
    try {
      await fetchPage(next);
    } catch (error) {
      render(error instanceof Error ? error.message : String(error));
      return;
    }
    render();
    // Keyboard and screen-reader users carry on from the first row that came in (the sorted view may put it elsewhere).
    const firstNew = options.sort ? null : holder.querySelectorAll('tbody tr')[before]?.querySelector<HTMLElement>('a');
    const heading = holder.querySelector<HTMLElement>('h2');
    if (!firstNew && heading) {
      heading.tabIndex = -1;
    }
    (firstNew ?? heading)?.focus();
    announce(`${number(rows.length - before)} more shown: ${number(rows.length)} of ${number(total)}.`);
  };

  try {
    await fetchPage(null);
  } catch (error) {
    return failedSection(options.id, options.title, error);
  }
  render();
  return holder;
}
