/**
 * Where the browser goes back to. A `return_to` is accepted only when its
 * origin, after WHATWG URL normalisation (the same parser browsers use), is
 * one the store registered; the browser is then sent to the re-serialised
 * URL, so what was checked is exactly where it goes.
 */
export function allowedReturnUrl(returnTo: string, registeredOrigins: readonly string[]): URL | undefined {
  let url: URL;
  try {
    url = new URL(returnTo);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  return registeredOrigins.includes(url.origin) ? url : undefined;
}

/** `returnTo` with the relay's parameters added; its own kept, any earlier `igr_*` replaced. */
export function withRelayParams(returnTo: string, params: Readonly<Record<string, string>>): string {
  const url = new URL(returnTo);
  for (const name of [...url.searchParams.keys()]) {
    if (name.startsWith('igr_')) url.searchParams.delete(name);
  }
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
  return url.href;
}
