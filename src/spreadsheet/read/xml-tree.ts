import { TextDecoder } from 'node:util';
import { SaxesParser } from 'saxes';
import { FileRefusedError, refuse } from './refusal.js';

/** An element of a small XML part, namespace-resolved. */
export interface XmlElement {
  /** The local name (`sheet` for both `<sheet>` and `<x:sheet>`). */
  readonly name: string;
  /** The namespace URI ('' when none). */
  readonly uri: string;
  /** Attribute values by local name (`r:id` is `id`). */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
}

interface MutableElement extends XmlElement {
  readonly children: XmlElement[];
}

/**
 * Parses a small part (workbook, relationships, styles, content types) with saxes, a conforming
 * XML parser. A document type declaration refuses the file before anything is parsed: the reader
 * never processes a DTD, so no entity can be defined or expanded (billion laughs, external
 * entities). Undefined entities are well-formedness errors, hence corrupt files.
 */
export function parseXmlPart(bytes: Buffer, partName: string, fileName: string): XmlElement {
  const text = decodeXmlBytes(bytes);
  refuseDoctype(text, partName, fileName);
  const parser = new SaxesParser({ xmlns: true, position: false });
  const root: MutableElement = { name: '', uri: '', attributes: new Map(), children: [] };
  const stack: MutableElement[] = [root];
  parser.on('doctype', () => {
    throw refuse('dtd-forbidden', fileName, `in its part ${partName}`);
  });
  parser.on('opentag', (tag) => {
    const attributes = new Map<string, string>();
    for (const attribute of Object.values(tag.attributes)) {
      attributes.set(attribute.local, attribute.value);
    }
    const element: MutableElement = { name: tag.local, uri: tag.uri, attributes, children: [] };
    stack.at(-1)?.children.push(element);
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof FileRefusedError) {
      throw error;
    }
    throw refuse('corrupt-file', fileName, `its part ${partName} is not well-formed XML`, error);
  }
  const documentElement = root.children[0];
  if (documentElement === undefined) {
    throw refuse('corrupt-file', fileName, `its part ${partName} is empty`);
  }
  return documentElement;
}

/** Refuses text that declares a DTD or an entity, wherever it appears. */
export function refuseDoctype(text: string, partName: string, fileName: string): void {
  if (text.includes('<!DOCTYPE') || text.includes('<!ENTITY')) {
    throw refuse('dtd-forbidden', fileName, `in its part ${partName}`);
  }
}

/** Decodes an XML part: UTF-8 (BOM or not), or UTF-16 when it starts with a UTF-16 BOM. */
function decodeXmlBytes(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return new TextDecoder('utf-16le').decode(bytes);
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return new TextDecoder('utf-16be').decode(bytes);
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** The children of `element` with local name `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The first child of `element` with local name `name`. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}
