/**
 * Security headers (@fastify/helmet) with a strict Content-Security-Policy: everything from this
 * origin only, no inline scripts, no framing, no plugins. Two pages get their own policy:
 * the interactive API reference (/api/docs, set by its plugin: it needs `data:` images and
 * inline styles) and the web UI's HTML (see web-ui.ts: Mantine injects <style> elements).
 * HSTS and upgrade-insecure-requests only when PUBLIC_URL is https.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** The policy of every response but the docs and the UI pages. */
export function strictCspDirectives(https: boolean): Record<string, string[] | null> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'script-src-attr': ["'none'"],
    'upgrade-insecure-requests': https ? [] : null,
  };
}

/** The docs' policy: swagger-ui's assets are served from here; it uses inline styles. */
export const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
  "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/** The web UI's HTML policy: as strict, but Mantine's <style> elements are allowed. */
export const UI_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
  "base-uri 'self'; form-action 'self'; frame-ancestors 'none'; script-src-attr 'none'";

/** Registers helmet. */
export async function registerSecurityHeaders(app: FastifyInstance, https: boolean) {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: strictCspDirectives(https) },
    hsts: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
}
