/**
 * Text helpers for the hand-written scanners: entity decoding, OOXML's `_xHHHH_` escapes, and
 * the plain text of a string item (`<si>`, `<is>`): its `<t>` runs joined, phonetic `<rPh>` runs
 * dropped. They work on index ranges of a larger string so that no substring is made for markup.
 */

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g;

/**
 * Decodes the five XML entities and numeric character references. Anything else is kept as
 * written: the reader never expands entities a DTD would define.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) {
    return text;
  }
  return text.replace(ENTITY, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code =
        body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

const OOXML_ESCAPE = /_x([0-9a-fA-F]{4})_/g;

/**
 * Undoes ECMA-376's escaping of characters XML can't hold in strings (`_x000D_` is a carriage
 * return; `_x005F_` escapes a literal underscore).
 */
export function unescapeOoxml(text: string): string {
  if (!text.includes('_x')) {
    return text;
  }
  return text.replace(OOXML_ESCAPE, (_whole, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/** Whether `code` (a char code) is XML whitespace. */
export function isXmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * Index of the `>` closing the tag that starts at `start` (a `<`), skipping quoted attribute
 * values (which may hold `>`), or -1 when the tag does not end before `end`.
 */
export function tagEnd(text: string, start: number, end: number): number {
  for (let i = start + 1; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x3e) {
      return i;
    }
    if (code === 0x22 || code === 0x27) {
      const close = text.indexOf(code === 0x22 ? '"' : "'", i + 1);
      if (close < 0 || close >= end) {
        return -1;
      }
      i = close;
    }
  }
  return -1;
}

/** Where the local name found by the last `tagName` call starts (module state: no allocation). */
export let localNameStart = 0;

/**
 * Reads the name of the element whose tag starts at `start` (a `<`, or `</`): returns where the
 * name ends and sets `localNameStart` to where it starts without its namespace prefix.
 */
export function tagName(text: string, start: number, end: number): number {
  let i = text.charCodeAt(start + 1) === 0x2f ? start + 2 : start + 1;
  let local = i;
  for (; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x3a) {
      local = i + 1;
    } else if (isXmlSpace(code) || code === 0x3e || code === 0x2f) {
      break;
    }
  }
  localNameStart = local;
  return i;
}

/** The value of attribute `name` (matched by local name) inside the tag text [start, end). */
export function attributeValue(
  text: string,
  start: number,
  end: number,
  name: string,
): string | null {
  let i = start;
  while (i < end) {
    const eq = text.indexOf('=', i);
    if (eq < 0 || eq >= end) {
      return null;
    }
    let nameEnd = eq;
    while (nameEnd > i && isXmlSpace(text.charCodeAt(nameEnd - 1))) {
      nameEnd--;
    }
    let nameStart = nameEnd;
    while (nameStart > i) {
      const code = text.charCodeAt(nameStart - 1);
      if (isXmlSpace(code) || code === 0x3a || code === 0x3c) {
        break;
      }
      nameStart--;
    }
    let quote = eq + 1;
    while (quote < end && isXmlSpace(text.charCodeAt(quote))) {
      quote++;
    }
    const quoteChar = text[quote];
    if (quoteChar !== '"' && quoteChar !== "'") {
      return null;
    }
    const close = text.indexOf(quoteChar, quote + 1);
    if (close < 0 || close >= end) {
      return null;
    }
    if (nameEnd - nameStart === name.length && text.startsWith(name, nameStart)) {
      return decodeEntities(text.slice(quote + 1, close));
    }
    i = close + 1;
  }
  return null;
}

/**
 * The text of the string item whose content is [start, end): `<t>` children and `<t>` inside
 * `<r>` runs, joined; `<rPh>` (phonetic guide) and every other element skipped. A `<t>` without
 * `xml:space="preserve"` loses its surrounding whitespace, as Excel does, so indentation of
 * pretty-printed files never leaks into a value. Null when the content is not well-formed.
 */
export function stringItemText(
  text: string,
  start: number,
  end: number,
  bytes: Buffer | null,
): string | null {
  let out = '';
  let i = start;
  while (i < end) {
    const open = text.indexOf('<', i);
    if (open < 0 || open >= end) {
      break;
    }
    const close = tagEnd(text, open, end);
    if (close < 0) {
      return null;
    }
    const nameEnd = tagName(text, open, close);
    const nameStart = localNameStart;
    const isEndTag = text.charCodeAt(open + 1) === 0x2f;
    const selfClosing = text.charCodeAt(close - 1) === 0x2f;
    const name = text.slice(nameStart, nameEnd);
    if (isEndTag || selfClosing || name === 'r' || name.startsWith('?') || name.startsWith('!')) {
      i = close + 1; // a run's children are read in turn; end tags and empty elements hold no text
      continue;
    }
    const endTag = findEndTag(text, close + 1, end, name);
    if (endTag < 0) {
      return null;
    }
    if (name === 't') {
      const preserve = attributeValue(text, nameEnd, close, 'space') === 'preserve';
      const run = rawText(text, close + 1, endTag, bytes);
      out += preserve ? run : run.trim();
    }
    const endTagClose = text.indexOf('>', endTag);
    if (endTagClose < 0 || endTagClose >= end) {
      return null;
    }
    i = endTagClose + 1;
  }
  return unescapeOoxml(out);
}

/** Start of the end tag `</name>` or `</p:name>` at or after `from`, before `end`; else -1. */
export function findEndTag(text: string, from: number, end: number, name: string): number {
  let i = from;
  while (i < end) {
    const open = text.indexOf('</', i);
    if (open < 0 || open >= end) {
      return -1;
    }
    const nameEnd = tagName(text, open, end);
    if (nameEnd - localNameStart === name.length && text.startsWith(name, localNameStart)) {
      return open;
    }
    i = open + 2;
  }
  return -1;
}

/** A plain character class: `\P{ASCII}` with the u flag took longer than the rest of rawText. */
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Character data of [start, end): line ends normalised as XML requires (a literal CR LF or CR is
 * LF; an escaped `&#13;` stays CR), entities decoded, CDATA sections unwrapped. When `bytes` is
 * given, `text` is their Latin-1 reading (offsets are byte offsets) and a range holding
 * non-ASCII bytes is decoded from them as UTF-8.
 */
export function rawText(text: string, start: number, end: number, bytes: Buffer | null): string {
  let slice = text.slice(start, end);
  if (bytes !== null && NON_ASCII.test(slice)) {
    slice = bytes.toString('utf8', start, end);
  }
  if (slice.includes('\r')) {
    slice = slice.replace(/\r\n?/g, '\n');
  }
  if (!slice.includes('<![CDATA[')) {
    return decodeEntities(slice);
  }
  let out = '';
  let i = 0;
  while (i < slice.length) {
    const cdata = slice.indexOf('<![CDATA[', i);
    if (cdata < 0) {
      out += decodeEntities(slice.slice(i));
      break;
    }
    out += decodeEntities(slice.slice(i, cdata));
    const cdataEnd = slice.indexOf(']]>', cdata + 9);
    out += slice.slice(cdata + 9, cdataEnd < 0 ? slice.length : cdataEnd);
    i = cdataEnd < 0 ? slice.length : cdataEnd + 3;
  }
  return out;
}
