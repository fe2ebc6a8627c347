/* cd-html-import-private.h: what the HTML importer's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-libxml-private.h"

#include "cd-article.h"
#include "cd-html-clean-private.h"
#include "cd-wire-private.h"

G_BEGIN_DECLS

/* Deeper trees are refused before they are walked: no story nests this
 * far, and the walk recurses. */
#define MAX_DEPTH CD_WIRE_MAX_XML_DEPTH

typedef struct
{
  CdArticle  *article;
  GPtrArray  *blocks;
  CdWireText *text;       /* the paragraph being gathered */
  GPtrArray  *deferred;   /* of xmlNode: images met inside running text */
  GHashTable *ids;        /* block ids already given out */
  char       *dateline;
  gboolean    had_paragraph;
  gboolean    strip_dash;
  gboolean    split;          /* a block inside running text ends the paragraph */
  GHashTable *class_styles;   /* class name → CdStyleFacts, from the page's <style> */
  GHashTable *skipped;        /* nodes read as the story's fields, not its body */
  GFile      *media_folder;   /* where a saved page's own pictures are */
} Importer;

gboolean
_cd_html_import_is_element (xmlNode    *node,
                                            const char *name);

gboolean
_cd_html_import_is_one_of (xmlNode            *node,
                                           const char * const *names);

char *
_cd_html_import_get_attribute (xmlNode    *node,
                                               const char *name);

gboolean
_cd_html_import_has_class (xmlNode    *node,
                                           const char *klass);

gboolean
_cd_html_import_has_any_class (xmlNode            *node,
                                               const char * const *classes);

guint
_cd_html_import_get_size_attribute (xmlNode    *node,
                                                    const char *name);

xmlNode *
_cd_html_import_find_descendant (xmlNode    *node,
                                                 const char *name,
                                                 const char *klass,
                                                 guint       depth);

void
_cd_html_import_collect_text (CdWireText *builder,
                                              xmlNode    *node,
                                              const char *skip_class,
                                              guint       depth);

char *
_cd_html_import_finish_text (Importer   *self,
                                             GPtrArray **marks);

char *
_cd_html_import_node_text (xmlNode    *node,
                                           const char *skip_class);

char *
_cd_html_import_node_lines (xmlNode *node);

char *
_cd_html_import_strip_leading_dash (const char *text);

void
_cd_html_import_add_block (Importer *self,
                                           CdBlock  *block,
                                           xmlNode  *source);

void
_cd_html_import_read_style (Importer     *self,
                                            xmlNode      *node,
                                            CdStyleFacts *facts);

void
_cd_html_import_import_deferred (Importer *self,
                                                 guint     depth);

void
_cd_html_import_flush_as (Importer    *self,
                                          CdBlockType  type,
                                          guint        level,
                                          xmlNode     *source,
                                          guint        depth);

void
_cd_html_import_flush (Importer *self,
                                       guint     depth);

void
_cd_html_import_inline_children (Importer *self,
                                                 xmlNode  *parent,
                                                 guint     depth);

void
_cd_html_import_inline_node (Importer *self,
                                             xmlNode  *node,
                                             guint     depth);

void
_cd_html_import_import_image (Importer *self,
                                              xmlNode  *img,
                                              xmlNode  *figcaption,
                                              xmlNode  *source);

void
_cd_html_import_import_quote (Importer *self,
                                              xmlNode  *quote,
                                              guint     depth);

void
_cd_html_import_import_pullquote (Importer *self,
                                                  xmlNode  *aside,
                                                  guint     depth);

void
_cd_html_import_import_list (Importer *self,
                                             xmlNode  *list,
                                             guint     depth);

void
_cd_html_import_import_figure (Importer *self,
                                               xmlNode  *figure,
                                               guint     depth);

char *
_cd_html_import_word_list_of (Importer *self,
                                              xmlNode  *node);

xmlNode *
_cd_html_import_import_word_list (Importer   *self,
                                                  xmlNode    *first,
                                                  const char *list,
                                                  guint       depth);

void
_cd_html_import_import_heading (Importer *self,
                                                xmlNode  *node,
                                                guint     level,
                                                guint     depth);

void
_cd_html_import_import_node (Importer *self,
                                             xmlNode  *node,
                                             guint     depth);

void
_cd_html_import_import_children (Importer *self,
                                                 xmlNode  *parent,
                                                 guint     depth);

extern const char * const _cd_html_import_dropped_elements[];

extern const char * const _cd_html_import_official_embed_classes[];

extern const char * const _cd_html_import_word_quote_classes[];

G_END_DECLS
