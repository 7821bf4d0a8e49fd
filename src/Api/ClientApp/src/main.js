import { createElement as h, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { pick, useGraphiQL, useGraphiQLActions } from '@graphiql/react';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './examples.css';

const endpoint = '/graphql';

// The endpoint refuses requests a browser could send cross-site without a preflight (README, "CSRF and CORS"):
// every request carries this header, whatever the headers editor says.
function withPreflightHeader(input, init = {}) {
  const headers = new Headers(init.headers);
  headers.set('GraphQL-Require-Preflight', '1');
  return window.fetch(input, { ...init, headers });
}

const fetcher = createGraphiQLFetcher({
  url: endpoint,
  fetch: withPreflightHeader,
  headers: { 'GraphQL-Require-Preflight': '1' },
  // The endpoint answers with one JSON response, never multipart.
  enableIncrementalDelivery: false,
});

/** The registered example documents: [{ name, documentId, query }] (src/Api/TrustedDocuments). */
async function loadExamples() {
  try {
    const response = await window.fetch(`${endpoint}/documents`, { headers: { Accept: 'application/json' } });
    return response.ok ? await response.json() : [];
  } catch {
    return [];
  }
}

function ExamplesIcon() {
  return h('svg', { viewBox: '0 0 24 24', width: '1em', height: '1em', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, 'aria-hidden': true },
    h('path', { d: 'M4 5h16M4 12h16M4 19h10', strokeLinecap: 'round' }));
}

function examplesPlugin(examples) {
  function ExamplesList() {
    const { queryEditor, variableEditor, headerEditor } = useGraphiQL(pick('queryEditor', 'variableEditor', 'headerEditor'));
    const { addTab } = useGraphiQLActions();
    const open = (example) => {
      addTab();
      queryEditor?.setValue(example.query);
      variableEditor?.setValue('');
      headerEditor?.setValue('');
    };

    return h('section', { className: 'examples' },
      h('div', { className: 'graphiql-doc-explorer-title' }, 'Examples'),
      examples.length === 0
        ? h('p', null, 'No example documents are registered on this server.')
        : h('ul', null, examples.map((example) => h('li', { key: example.documentId },
          h('button', { type: 'button', className: 'examples-open', onClick: () => open(example), title: example.documentId },
            example.name.replaceAll('-', ' '))))),
      h('p', { className: 'examples-note' },
        'Each opens in a new tab. These documents are registered on the server: a client may also run one by its ',
        h('code', null, 'documentId'), ' (listed at ', h('a', { href: `${endpoint}/documents` }, `${endpoint}/documents`), ').'));
  }

  return { title: 'Examples', icon: ExamplesIcon, content: ExamplesList };
}

/**
 * A query handed over in the address, as the explorer's "open in GraphiQL" links do: /graphql?query=...&variables=...
 * GraphiQL opens it in a tab of its own (a new one, unless a stored tab already holds the same query and variables).
 */
function queryFromAddress() {
  const parameters = new URLSearchParams(window.location.search);
  const query = parameters.get('query');
  return query ? { query, variables: parameters.get('variables') ?? undefined } : null;
}

const examples = await loadExamples();
const plugin = examplesPlugin(examples);
const handedOver = queryFromAddress();
const exampleTabs = examples.map((example) => ({ query: example.query }));

createRoot(document.getElementById('graphiql')).render(
  h(StrictMode, null,
    h(GraphiQL, {
      fetcher,
      plugins: [plugin],
      visiblePlugin: plugin,
      initialQuery: handedOver?.query,
      initialVariables: handedOver?.variables,
      // First visit (nothing stored yet): the query handed over, if any, then one tab per example document.
      defaultTabs: handedOver ? [handedOver, ...exampleTabs] : exampleTabs,
      defaultEditorToolsVisibility: false,
    })));
