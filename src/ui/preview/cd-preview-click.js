/* cd-preview-click.js: clicking a block of the page (not a link in it)
 * names the block to the copydeskBlock handler (CD_PREVIEW_BLOCK_MESSAGE). It runs in the patch world: the
 * page's own scripts can neither see nor fake it, as the message handler
 * is only in this world.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
document.addEventListener ('click', event => {
  'use strict';
  if (!(event.target instanceof Element) || event.target.closest ('a') !== null)
    return;
  const block = event.target.closest ('article.story [data-block-id]');
  if (block !== null)
    window.webkit.messageHandlers.copydeskBlock.postMessage (block.getAttribute ('data-block-id'));
}, true);
