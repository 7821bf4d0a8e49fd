/** The one way the explorer reads data: POST /graphql with JSON, the public API anyone can call. */

export interface Operation {
  query: string;
  variables?: Record<string, unknown>;
}

export class ApiError extends Error {}

export async function run<T>(operation: Operation): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify(operation),
    });
  } catch {
    throw new ApiError('The API could not be reached. Check that the server is running, then try again.');
  }

  let body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await response.json() as typeof body;
  } catch {
    throw new ApiError(`The API answered HTTP ${response.status} without a readable body.`);
  }

  // A partial answer would show a page with holes that look like facts; show the error instead.
  if (body.errors?.length || body.data === undefined || body.data === null) {
    const first = body.errors?.[0];
    const code = first?.extensions?.code ? ` (${first.extensions.code})` : '';
    throw new ApiError(`${first?.message ?? `The API answered HTTP ${response.status} with no data.`}${code}`);
  }
  return body.data;
}

/** The GraphiQL page with this operation open in a tab (src/Api/ClientApp reads query and variables from the address). */
export function graphiqlHref(operation: Operation): string {
  const parameters = new URLSearchParams({ query: operation.query.trim() });
  if (operation.variables && Object.keys(operation.variables).length > 0) {
    parameters.set('variables', JSON.stringify(operation.variables, null, 2));
  }
  return `/graphql?${parameters.toString()}`;
}
