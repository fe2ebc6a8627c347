/* html-check.h: a strict reader of the HTML writer's output, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  /* The page's own stylesheet: a <style> element must hold exactly this
   * (with "</" written as "<\/"), or no <style> may appear when NULL. */
  const char *stylesheet;
  /* Official embeds: provider scripts from the known hosts and the
   * YouTube frame are allowed. */
  gboolean    official_embeds;
  /* Isolated embeds (the preview's): an <iframe srcdoc> with exactly
   * the writer's sandbox is allowed, and its document is checked as
   * official markup in turn. */
  gboolean    isolated_embeds;
  /* Inline media: img src may be a data:image/… URI. */
  gboolean    inline_media;
  /* Text that must not appear anywhere in the output (the desk notes). */
  const char *forbidden;
  /* Bidi control characters in text must sit inside an element with a
   * dir attribute, where the browser isolates them. */
  gboolean    require_bidi_isolation;
} HtmlCheckOptions;

/* Checks that @html is markup the writer could have produced by
 * construction: every tag and attribute is from the writer's vocabulary,
 * no event handler, no script but JSON-LD (and provider scripts in
 * official mode), no link or source with a scheme that can run code,
 * text and attribute values escaped, raw-text elements closed only by
 * their own end tag and JSON-LD that parses. On failure @error says
 * where and what. */
gboolean html_check (const char              *html,
                     gsize                    length,
                     const HtmlCheckOptions  *options,
                     GError                 **error);

G_END_DECLS
