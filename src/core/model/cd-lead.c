/* cd-lead.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-lead"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-error.h"
#include "cd-lead.h"

gboolean
cd_lead_use_figure (CdArticle   *article,
                    CdHistory   *history,
                    const char  *block_id,
                    GError     **error)
{
  g_autoptr(CdBlock) figure = NULL;
  g_autoptr(CdBlock) old_lead = NULL;
  CdBlock *found;
  guint position = 0;

  g_return_val_if_fail (CD_IS_ARTICLE (article), FALSE);
  g_return_val_if_fail (history == NULL || CD_IS_HISTORY (history), FALSE);
  g_return_val_if_fail (block_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  found = cd_article_find_block (article, block_id, &position);
  if (found == NULL || position == G_MAXUINT)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("The story has no block “%s” in its body to make the lead photo"), block_id);
      return FALSE;
    }
  if (cd_block_get_block_type (found) != CD_BLOCK_FIGURE)
    {
      g_set_error (error, CD_ERROR, CD_ERROR_INVALID,
                   _("Block “%s” is not a photo and cannot be the lead photo"), block_id);
      return FALSE;
    }

  figure = g_object_ref (found);
  if (cd_article_get_lead (article) != NULL)
    old_lead = g_object_ref (cd_article_get_lead (article));

  if (history != NULL)
    cd_history_begin_group (history);

  cd_article_remove_block (article, position);
  cd_article_set_lead (article, figure);
  if (old_lead != NULL)
    cd_article_insert_block (article, position, old_lead);

  if (history != NULL)
    cd_history_end_group (history);

  return TRUE;
}
