/**
 * The only sites the app opens in the user's browser: papers, model hubs and the project's docs.
 *
 * `shell.openExternal` hands a URL to the operating system, which may start any registered
 * program for it; a renderer that could open any URL (a compromised page, a crafted dataset shown
 * as a link) could launch things. https only, exact host names or their subdomains.
 */
export const EXTERNAL_HOSTS: readonly string[] = ['huggingface.co', 'arxiv.org', 'aclanthology.org', 'doi.org', 'github.com', 'onnxruntime.ai', 'www.electronjs.org'];

export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return false;
  const host = parsed.hostname.toLowerCase();
  return EXTERNAL_HOSTS.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}
