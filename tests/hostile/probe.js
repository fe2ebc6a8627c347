/* probe.js: reads a rendered story's DOM for traces of a hostile vector
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One function expression, called by the tests with their options:
 *   (probe) ({ maxStyles: 1, officialEmbeds: false })
 * It returns "clean", or "dirty: " and what it found. Every vector in the
 * hostile stories tries to set a data-pwned attribute; the probe also
 * looks for what a vector would need to get that far (a script of the
 * story's, an event handler, a javascript: address, an injected style)
 * and for the desk notes, which are never exported. Used by
 * tests/ui/test-hostile-preview.c (WebKit) and
 * tests/cli/test-hostile-chromium.sh (Chromium).
 */
(function (options) {
  const problems = [];
  const deskNote = 'HOSTILE-' + 'DESK-NOTE';
  const providerScripts = [
    'https://platform.twitter.com/',
    'https://www.instagram.com/',
    'https://www.tiktok.com/',
    'https://embed.bsky.app/',
    'https://www.threads.net/',
  ];
  /* A Mastodon instance can be any host: its post frame and its script. */
  const mastodonScript = /^https:\/\/[a-z0-9.-]+\/embed\.js$/;
  const mastodonFrame = /^https:\/\/[a-z0-9.-]+\/@[A-Za-z0-9_.-]+\/[0-9]+\/embed$/;
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'poster',
                         'data', 'background', 'cite', 'srcset', 'ping'];
  const forbiddenElements = ['object', 'embed', 'frame', 'frameset', 'form', 'input', 'button',
                             'textarea', 'select', 'base', 'svg', 'math', 'template',
                             'noscript', 'plaintext', 'xmp', 'marquee', 'applet'];

  function report (what) {
    if (problems.length < 20)
      problems.push (what);
  }

  /* Live embeds run each provider's markup in a frame of its own, sandboxed
   * without the page's origin: what runs there cannot reach the draft, and
   * the core hostile test checks the frame's document itself. */
  function isIsolatedEmbedFrame (element) {
    if (!options.officialEmbeds || element.localName !== 'iframe' || !element.hasAttribute ('srcdoc'))
      return false;
    const sandbox = element.getAttribute ('sandbox');
    return sandbox !== null && !sandbox.split (/\s+/).includes ('allow-same-origin') &&
           element.closest ('[data-block-id]') !== null;
  }

  for (const element of document.querySelectorAll ('*')) {
    const tag = element.localName;
    const isolated = isIsolatedEmbedFrame (element);

    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase ();

      if (name.startsWith ('data-pwned'))
        report ('<' + tag + '> has ' + name + '="' + attribute.value + '"');
      if (name.startsWith ('on'))
        report ('<' + tag + '> has an event handler ' + name);
      if (name === 'srcdoc' && isolated)
        continue;
      if (name === 'style' || name === 'srcdoc' || name === 'http-equiv')
        report ('<' + tag + '> has a ' + name + ' attribute');
      if (urlAttributes.includes (name)) {
        const value = attribute.value.replace (/[\t\n\r]/g, '').replace (/^[\u0000-\u0020]+/, '').toLowerCase ();
        const inlineImage = tag === 'img' && name === 'src' && /^data:image\/(png|jpeg|gif|webp);/.test (value);

        if (/^(javascript|vbscript|data|file):/.test (value) && !inlineImage)
          report ('<' + tag + ' ' + name + '> is ' + value.slice (0, 40));
      }
    }

    if (forbiddenElements.includes (tag))
      report ('a <' + tag + '> element');
  }

  for (const script of document.querySelectorAll ('script')) {
    if (script.id === 'copydesk-probe')
      continue;
    if (script.type === 'application/ld+json' && !script.src)
      continue;
    if (options.officialEmbeds &&
        (providerScripts.some (p => script.src.startsWith (p)) || mastodonScript.test (script.src)))
      continue;
    report ('a script: ' + (script.src || script.textContent.slice (0, 60)));
  }

  for (const frame of document.querySelectorAll ('iframe')) {
    if (isIsolatedEmbedFrame (frame))
      continue;
    if (options.officialEmbeds &&
        (/^https:\/\/www\.youtube(-nocookie)?\.com\/embed\//.test (frame.src) || mastodonFrame.test (frame.src)))
      continue;
    report ('an iframe: ' + frame.src.slice (0, 60));
  }

  const styles = document.querySelectorAll ('style').length;
  if (styles > options.maxStyles)
    report (styles + ' style elements, the page has ' + options.maxStyles);

  for (const element of [document.documentElement, document.body]) {
    if (element && getComputedStyle (element).getPropertyValue ('--pwned').trim () !== '')
      report ('an injected style reached <' + element.localName + '>');
  }

  if (!document.querySelector ('article'))
    report ('no <article>: the story is not on the page');

  if (document.documentElement.outerHTML.includes (deskNote))
    report ('the desk notes are on the page');

  return problems.length === 0 ? 'clean' : 'dirty: ' + problems.join ('; ');
})
