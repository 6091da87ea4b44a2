// DOM building without HTML strings. Every piece of text from a response, a header, a URL or a
// request name reaches the page through `textContent` or an attribute set here, never through
// `innerHTML`, so nothing a server sends can become markup.

/** Attributes and handlers `el` understands; `data-*`, `aria-*` and `role` go through setAttribute. */
export interface ElProps {
  className?: string;
  testid?: string;
  title?: string;
  role?: string;
  tabIndex?: number;
  type?: string;
  disabled?: boolean;
  attrs?: Record<string, string>;
  onClick?: (ev: MouseEvent) => void;
  onKeyDown?: (ev: KeyboardEvent) => void;
}

/** A child: a node, text (inserted as a text node), or nothing. */
export type Child = Node | string | number | null | undefined | false;

/** Creates `<tag>` with the given props and children; strings become text nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElProps = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.testid) node.setAttribute('data-testid', props.testid);
  if (props.title) node.title = props.title;
  if (props.role) node.setAttribute('role', props.role);
  if (props.tabIndex !== undefined) node.tabIndex = props.tabIndex;
  if (props.type && node instanceof HTMLButtonElement) node.type = props.type as 'button';
  if (props.disabled && 'disabled' in node) (node as HTMLButtonElement).disabled = true;
  if (props.attrs) for (const [k, v] of Object.entries(props.attrs)) node.setAttribute(k, v);
  const { onClick, onKeyDown } = props;
  if (onClick) node.addEventListener('click', (ev) => onClick(ev as MouseEvent));
  if (onKeyDown) node.addEventListener('keydown', (ev) => onKeyDown(ev as KeyboardEvent));
  append(node, children);
  return node;
}

/** Appends children to `parent`; strings and numbers become text nodes. */
export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** A codicon glyph, hidden from screen readers (the control around it carries the label). */
export function icon(name: string, extraClass = ''): HTMLElement {
  const i = document.createElement('span');
  i.className = `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}`;
  i.setAttribute('aria-hidden', 'true');
  return i;
}

/** A button with a codicon and a visible label (or only an aria-label when `iconOnly`). */
export function button(
  label: string,
  iconName: string | null,
  onClick: () => void,
  opts: { testid?: string; secondary?: boolean; iconOnly?: boolean; title?: string; disabled?: boolean } = {},
): HTMLButtonElement {
  const b = el('button', {
    className: `btn${opts.secondary ? ' secondary' : ''}${opts.iconOnly ? ' icon-only' : ''}`,
    testid: opts.testid,
    title: opts.title ?? label,
    type: 'button',
    disabled: opts.disabled,
    onClick: (ev) => {
      ev.stopPropagation();
      onClick();
    },
  });
  if (iconName) b.appendChild(icon(iconName));
  if (opts.iconOnly) b.setAttribute('aria-label', label);
  else b.appendChild(el('span', { className: 'btn-label' }, label));
  return b;
}

/** Removes every child of `node`. */
export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** Replaces the children of `node` with `children`. */
export function replace(node: Node, ...children: Child[]): void {
  clear(node);
  append(node, children);
}
