// Just enough HTML reading for a scripted user agent: the forms, fields, buttons and links of
// the simple server-rendered pages of sign-in and consent (no scripts, no DOM).

export interface FormButton {
  name?: string;
  value?: string;
  /** The button's visible text (or its value for `<input type=submit>`). */
  label: string;
}

export interface FormField {
  name: string;
  value: string;
  type: string;
}

export interface HtmlForm {
  action: URL;
  method: 'GET' | 'POST';
  fields: FormField[];
  buttons: FormButton[];
}

export interface HtmlLink {
  href: URL;
  label: string;
}

export function parseForms(html: string, page: URL): HtmlForm[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map(([, attributeText, body]) => {
    const attributes = parseAttributes(attributeText);
    const fields: FormField[] = [];
    const buttons: FormButton[] = [];
    for (const [, inputAttributes] of body.matchAll(/<input\b([^>]*)>/gi)) {
      const input = parseAttributes(inputAttributes);
      const type = (input.type ?? 'text').toLowerCase();
      if (type === 'submit') buttons.push({ name: input.name, value: input.value, label: input.value ?? '' });
      else if (input.name === undefined) continue;
      // Unchecked boxes are not sent, as in a browser; checked ones send their value (default `on`).
      else if (type === 'checkbox' || type === 'radio') {
        if (input.checked !== undefined) fields.push({ name: input.name, value: input.value ?? 'on', type });
      } else fields.push({ name: input.name, value: input.value ?? '', type });
    }
    for (const [, buttonAttributes, label] of body.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)) {
      const button = parseAttributes(buttonAttributes);
      if ((button.type ?? 'submit').toLowerCase() !== 'submit') continue;
      buttons.push({ name: button.name, value: button.value, label: textOf(label) });
    }
    const method = (attributes.method ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET';
    return { action: new URL(attributes.action || page.href, page), method, fields, buttons };
  });
}

export function parseLinks(html: string, page: URL): HtmlLink[] {
  return [...html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/gi)].flatMap(([, attributeText, label]) => {
    const { href } = parseAttributes(attributeText);
    return href ? [{ href: new URL(href, page), label: textOf(label) }] : [];
  });
}

/** The page's text without tags, whitespace collapsed (for error reports). */
export function textOf(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

function parseAttributes(text: string): Record<string, string | undefined> {
  const attributes: Record<string, string | undefined> = {};
  for (const [, name, doubleQuoted, singleQuoted, bare] of text.matchAll(
    /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g,
  )) {
    const value = doubleQuoted ?? singleQuoted ?? bare;
    attributes[name.toLowerCase()] = value === undefined ? '' : decodeEntities(value);
  }
  return attributes;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, code: string) => {
    if (code[0] !== '#') return NAMED_ENTITIES[code.toLowerCase()] ?? entity;
    return String.fromCodePoint(code[1].toLowerCase() === 'x' ? parseInt(code.slice(2), 16) : Number(code.slice(1)));
  });
}
