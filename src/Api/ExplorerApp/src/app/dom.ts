/** Small helpers to build DOM safely: text always goes in as text, never as HTML. */

export type Child = Node | string | number | null | undefined | false | Child[];
type AttributeValue = string | number | boolean | null | undefined | ((event: Event) => void);
export type Attributes = Record<string, AttributeValue>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes?: Attributes | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (typeof value === 'function') {
      element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    } else if (name === 'class') {
      element.className = String(value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(parent, child);
    } else {
      parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    }
  }
}

/**
 * The API's search highlights are HTML: the field's text escaped, with matches in <mark></mark>. Rather than
 * trusting that as markup, split on the marks and put every piece back as text.
 */
export function highlighted(snippet: string): Node[] {
  const decode = (html: string) => new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html').body.textContent ?? '';
  return snippet.split(/(<mark>.*?<\/mark>)/s).filter((part) => part.length > 0).map((part) => {
    const marked = /^<mark>(.*)<\/mark>$/s.exec(part);
    return marked ? h('mark', null, decode(marked[1] ?? '')) : document.createTextNode(decode(part));
  });
}

/** Tells screen readers what changed after an action that does not move focus. */
export function announce(message: string): void {
  const announcer = document.getElementById('announcer');
  if (announcer) {
    announcer.textContent = '';
    window.setTimeout(() => { announcer.textContent = message; }, 50);
  }
}

/** "ENUM_NAME" in words: "Enum name". */
export function words(enumName: string | null | undefined): string {
  if (!enumName) {
    return '';
  }
  // CO_OPERATIVE reads "Co-operative", as the sector writes it.
  const text = enumName.toLowerCase().replaceAll('co_op', 'co-op').replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A field's GraphQL name in words: "legalForm" reads "Legal form", "alternativeNames" "Alternative names". */
export function fieldLabel(field: string): string {
  const text = field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function formatAmount(amount: number | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined) {
    return 'amount not stated';
  }
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency: currency ?? 'GBP', maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${amount.toLocaleString('en-GB')} ${currency ?? ''}`.trim();
  }
}
