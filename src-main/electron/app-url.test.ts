import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppUrl } from './app-url.ts';
import { isAllowedExternalUrl } from './external-links.ts';

/** The checks main relies on for every IPC call, navigation, redirect and external link; plain Node, no Electron. */
describe('isAppUrl', () => {
  const file = path.resolve('/opt/promptscope/out/renderer/index.html');

  it('accepts the built index.html, with a query or hash', () => {
    expect(isAppUrl('file:///opt/promptscope/out/renderer/index.html', undefined, file)).toBe(true);
    expect(isAppUrl('file:///opt/promptscope/out/renderer/index.html?x=1#runs', undefined, file)).toBe(true);
    expect(isAppUrl('file:///opt/promptscope/out/renderer/../renderer/index.html', undefined, file)).toBe(true);
  });

  it('refuses other files, other schemes, file URLs with a host, and junk', () => {
    for (const url of [
      'file:///opt/promptscope/out/renderer/other.html',
      'file:///etc/passwd',
      'file://evil.example/opt/promptscope/out/renderer/index.html',
      'https://evil.example/index.html',
      'data:text/html,<script>1</script>',
      'javascript:alert(1)',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url, undefined, file), url).toBe(false);
    }
  });

  it('in development matches the dev server by origin, not by string prefix', () => {
    const dev = 'http://localhost:5173';
    expect(isAppUrl('http://localhost:5173/', dev, file)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx?t=1', dev, file)).toBe(true);
    for (const url of ['http://localhost:5173.evil.example/', 'http://localhost:51730/', 'https://localhost:5173/', 'http://127.0.0.1:5173/', 'file:///opt/promptscope/out/renderer/index.html']) {
      expect(isAppUrl(url, dev, file), url).toBe(false);
    }
  });
});

describe('isAllowedExternalUrl', () => {
  it('opens https links to the allowed sites and their subdomains', () => {
    for (const url of ['https://arxiv.org/abs/2102.09690', 'https://huggingface.co/openai-community/gpt2', 'https://aclanthology.org/2022.acl-long.556/', 'https://docs.github.com/']) {
      expect(isAllowedExternalUrl(url), url).toBe(true);
    }
  });

  it('refuses other schemes, other hosts, look-alikes, credentials and ports', () => {
    for (const url of [
      'http://arxiv.org/abs/1',
      'file:///etc/passwd',
      'smb://host/share',
      'ms-msdt:/id PCWDiagnostic',
      'https://arxiv.org.evil.example/',
      'https://evilarxiv.org/',
      'https://user:pw@github.com/',
      'https://github.com:8443/',
      'https://example.com/',
      'javascript:alert(1)',
      'nonsense',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});
