/* cd-nitf-private.h: what the NITF writer (cd-nitf.c) and reader
 * (cd-nitf-reader.c, cd-nitf-body.c) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-libxml-private.h"

#include "cd-article.h"
#include "cd-wire-private.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlParserCtxt, xmlFreeParserCtxt)

typedef struct
{
  const char *display_name;
  CdArticle  *article;
  GFile      *media_folder;
  guint64     max_media_size;
  GError     *media_error;  /* the first picture refused */
  GPtrArray  *blocks;       /* of CdBlock, the body */
  CdWireText *text;         /* the paragraph being gathered */
  GPtrArray  *deferred;     /* of xmlNode: media met inside running text */
  CdBlock    *lead;
  gboolean    marked_lead;  /* some media says class="lead" */
  gboolean    had_text;     /* a text block was made */
} CdNitfReader;

/* cd-nitf-reader.c */
char         *_cd_nitf_get_clean_attribute (xmlNode    *node,
                                            const char *name);
gboolean      _cd_nitf_attribute_has_word  (xmlNode    *node,
                                            const char *attribute,
                                            const char *word);

/* cd-nitf-body.c */
char         *_cd_nitf_node_text           (xmlNode    *node,
                                            const char *skip);
void          _cd_nitf_flush               (CdNitfReader *r,
                                            guint         depth);
void          _cd_nitf_read_block_children (CdNitfReader *r,
                                            xmlNode      *node,
                                            guint         depth);

G_END_DECLS
