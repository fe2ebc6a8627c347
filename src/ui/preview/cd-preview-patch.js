/* cd-preview-patch.js: defines copydeskPatch (), which applies one patch
 * to the loaded story. It is called with a JSON literal built by cJSON,
 * so no text of the story is ever part of the program.
 * Members, each optional: story (the whole <article>, when the language
 * changed), header, lead ("" for none), blocks ([id, html] pairs: the
 * elements to replace or, with order, to insert), order (every body block
 * id, in order: blocks missing from it are removed), scroll (the id to
 * bring into view), report (a serial to post to the bench handler).
 * Pairs and arrays, never objects keyed by id: an id of "__proto__" would
 * be taken for the prototype. Returns "resync" when the page does not
 * hold what the patch expects, and the story has to be loaded again.
 *
 * The block at the top of the window stays where it is on screen, so
 * a block above it that grows or shrinks does not move what is read,
 * and the block typed in is brought into view. Both need the page laid
 * out, and are done in the page's next frame, as it is about to be laid
 * out and drawn anyway: a patch itself only changes the DOM, and the
 * patches that come before one frame are laid out once.
 *
 * A user script of the patch world, run as each page starts: the page's
 * own scripts can neither see nor replace the function, and a patch is
 * then a call of a few bytes, not the whole program parsed again for
 * each key (cd-preview-page.c reads back what it returns). Posts to the
 * copydeskBench handler (CD_PREVIEW_BENCH_MESSAGE) when asked to report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
(() => {
'use strict';
const idOf = element => element.getAttribute ('data-block-id');
const find = (story, id) => {
  for (const element of story.children)
    if (idOf (element) === id)
      return element;
  return null;
};
/* What the next frame puts right: the block read at the top (its id and
 * where it was before the first patch since the last frame), whether
 * something above it changed, and the block to bring into view. */
let pending = null;
const settle = () => {
  const fix = pending;
  pending = null;
  const story = document.querySelector ('article.story');
  if (fix === null || story === null)
    return;
  if (fix.anchor !== null && fix.moved) {
    const element = find (story, fix.anchor);
    if (element !== null) {
      const delta = element.getBoundingClientRect ().top - fix.anchorTop;
      if (Math.abs (delta) >= 1)
        window.scrollBy (0, delta);
    }
  }
  if (fix.scroll !== undefined) {
    const element = find (story, fix.scroll);
    if (element !== null) {
      const rect = element.getBoundingClientRect ();
      if (rect.top < 0 || rect.bottom > window.innerHeight)
        element.scrollIntoView ({ block: 'nearest' });
    }
  }
};
window.copydeskPatch = function (patch) {
  const started = performance.now ();
  let story = document.querySelector ('article.story');
  if (story === null)
    return 'resync';
  const parse = html => {
    const template = document.createElement ('template');
    template.innerHTML = html;
    return template.content.firstElementChild;
  };
  const headerOf = () => story.querySelector (':scope > header');
  const leadOf = () => {
    const header = headerOf ();
    const next = header !== null ? header.nextElementSibling : null;
    return next !== null && next.classList.contains ('lead') ? next : null;
  };
  /* The anchor: the first block whose bottom is below the window's top,
   * measured in the layout the last frame drew. Blocks follow each other
   * down the page, so it is found by halving (a long story has hundreds,
   * each measured otherwise), then stepping back over any block a float
   * made end lower than the next. A second patch before the frame finds
   * the first one's anchor again by its id. */
  let anchor = null;
  if (pending !== null) {
    anchor = pending.anchor !== null ? find (story, pending.anchor) : null;
  } else {
    pending = { anchor: null, anchorTop: 0, moved: false, scroll: undefined };
    requestAnimationFrame (settle);
    /* Blocks only: an element with no box (a script, something hidden)
     * measures as if at the window's top wherever it is. */
    const blocks = story.querySelectorAll (':scope > [data-block-id]');
    const below = i => blocks[i].getBoundingClientRect ().bottom > 0;
    let low = 0;
    let high = blocks.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (below (middle))
        high = middle;
      else
        low = middle + 1;
    }
    while (low > 0 && below (low - 1))
      low--;
    for (let i = low; i < blocks.length; i++) {
      const rect = blocks[i].getBoundingClientRect ();
      if (rect.bottom > 0) {
        anchor = blocks[i];
        pending.anchor = idOf (anchor);
        pending.anchorTop = rect.top;
        break;
      }
    }
  }
  /* Whether something before the anchor may have changed its height:
   * only then does the frame look for where the anchor went. A key typed
   * in a block on screen changes nothing above it. */
  let moved = false;
  const changedAt = element => {
    if (anchor !== null && element !== anchor &&
        (element.compareDocumentPosition (anchor) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0)
      moved = true;
  };
  let missing = false;
  if (patch.story !== undefined) {
    const fresh = parse (patch.story);
    moved = true;
    story.replaceWith (fresh);
    story = fresh;
    const lang = fresh.getAttribute ('lang');
    if (lang !== null)
      document.documentElement.setAttribute ('lang', lang);
    else
      document.documentElement.removeAttribute ('lang');
  }
  if (patch.header !== undefined) {
    const old = headerOf ();
    moved = true;
    const fresh = parse (patch.header);
    if (old !== null)
      old.replaceWith (fresh);
    else
      story.prepend (fresh);
  }
  if (patch.lead !== undefined) {
    const old = leadOf ();
    moved = true;
    const fresh = patch.lead !== '' ? parse (patch.lead) : null;
    if (old !== null && fresh !== null)
      old.replaceWith (fresh);
    else if (old !== null)
      old.remove ();
    else if (fresh !== null)
      headerOf ().after (fresh);
  }
  if (patch.blocks !== undefined || patch.order !== undefined) {
    const lead = leadOf ();
    const isBody = element => element.localName !== 'header' && element !== lead;
    /* With an order, every block shown is placed; without one (a key
     * typed), only the blocks named are looked up, not the hundreds of
     * a long story. */
    let shown = null;
    if (patch.order !== undefined) {
      shown = new Map ();
      for (const element of story.children)
        if (element.hasAttribute ('data-block-id') && isBody (element))
          shown.set (idOf (element), element);
    }
    const shownBlock = id => {
      if (shown !== null)
        return shown.get (id);
      let found;
      for (const element of story.querySelectorAll (':scope > [data-block-id="' + CSS.escape (id) + '"]'))
        if (isBody (element))
          found = element;
      return found;
    };
    for (const [id, html] of patch.blocks || []) {
      const fresh = parse (html);
      const old = shownBlock (id);
      if (old !== undefined) {
        changedAt (old);
        old.replaceWith (fresh);
        if (old === anchor)
          anchor = fresh;
      }
      else if (patch.order === undefined)
        missing = true;
      if (shown !== null)
        shown.set (id, fresh);
    }
    if (patch.order !== undefined) {
      const placed = new Set ();
      moved = true;
      let previous = lead !== null ? lead : headerOf ();
      for (const id of patch.order) {
        const element = shown.get (id);
        if (element === undefined) {
          missing = true;
          continue;
        }
        if (previous === null)
          story.prepend (element);
        else if (previous.nextElementSibling !== element)
          previous.after (element);
        previous = element;
        placed.add (element);
      }
      for (const element of shown.values ())
        if (!placed.has (element))
          element.remove ();
    }
  }
  if (moved)
    pending.moved = true;
  if (patch.scroll !== undefined)
    pending.scroll = patch.scroll;
  if (patch.report !== undefined) {
    const handler = window.webkit.messageHandlers.copydeskBench;
    handler.postMessage ('dom ' + patch.report + ' ' + (performance.now () - started));
    requestAnimationFrame (() => handler.postMessage ('frame ' + patch.report));
  }
  return missing ? 'resync' : 'ok';
};
})();
