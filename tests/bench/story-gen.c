/* story-gen.c: the long story the benchmarks work on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A made-up local news story of about 10,000 words with 40 photos and 20
 * embeds, the same on every run (fixed seed), so figures of different
 * runs and of different benchmarks compare.
 */

#define G_LOG_DOMAIN "story-gen"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "story-gen.h"

#define IMAGE_WIDTH   100
#define IMAGE_HEIGHT  67

/* Story text */

static const char * const vocabulary[] = {
  "the", "the", "the", "the", "of", "of", "of", "and", "and", "and", "to", "to",
  "to", "a", "a", "a", "in", "in", "in", "that", "that", "is", "was", "was", "for",
  "for", "on", "on", "with", "with", "as", "by", "at", "at", "from", "it", "its",
  "said", "said", "said", "would", "will", "has", "had", "have", "been", "were",
  "not", "but", "after", "before", "more", "than", "over", "into", "about", "who",
  "which", "their", "they", "she", "he", "we", "this", "last", "first", "new",
  "year", "years", "week", "month", "day", "night", "morning", "council",
  "government", "minister", "officials", "spokeswoman", "spokesman", "harbour",
  "port", "ferry", "ferries", "island", "city", "town", "residents", "workers",
  "union", "board", "company", "plan", "plans", "budget", "money", "million",
  "cost", "costs", "price", "fares", "passengers", "service", "services", "route",
  "routes", "crossing", "vote", "meeting", "report", "survey", "data", "figures",
  "police", "court", "judge", "law", "rules", "safety", "weather", "storm", "wind",
  "rain", "coast", "quay", "boats", "ships", "cargo", "fishing", "market", "shops",
  "school", "hospital", "bridge", "road", "traffic", "housing", "rents", "energy",
  "electric", "battery", "diesel", "engine", "crew", "captain", "timetable",
  "schedule", "delays", "strike", "talks", "agreement", "deal", "proposal",
  "opposition", "mayor", "election", "campaign", "voters", "support", "critics",
  "warned", "argued", "agreed", "announced", "confirmed", "denied", "expected",
  "planned", "opened", "closed", "reopened", "returned", "increased", "fell",
  "rose", "doubled", "cut", "raised", "approved", "rejected", "delayed", "built",
  "late", "early", "local", "national", "regional", "public", "private", "small",
  "large", "long", "short", "quiet", "busy", "crowded", "empty", "cheaper",
  "higher", "lower", "older", "younger", "several", "many", "few", "most", "some",
  "every", "each", "other", "another", "same", "still", "also", "only", "already",
  "again", "almost", "nearly", "around", "across", "between", "during", "since",
  "until", "while", "because", "although", "however", "instead", "well-known",
  "long-awaited", "year-round", "don't", "isn't", "wasn't", "it's", "there's",
  "café", "Zürich", "São", "Paulo", "naïve", "résumé", "Gdańsk", "Ålesund",
  "Porthaven", "Gull", "Island", "Old", "Quay", "Maren", "Talbot", "Okafor",
  "Tuesday", "Wednesday", "Friday", "Sunday", "May", "June", "2024", "20", "12",
  "3.5", "40", "1,200", "85%", "p.m.", "a.m.",
};

static const char * const names[] = {
  "Maren Talbot", "Idris Okafor", "Lena Brandt", "Tomás Ferreira", "Aiko Mori",
  "Nadia Haddad", "Peter Lund", "Grace Achebe", "Jonas Weber", "Sofia Rossi",
};

static const char *
pick (GRand              *rand,
      const char * const *list,
      guint               n)
{
  return list[g_rand_int_range (rand, 0, n)];
}

static const char *
pick_word (GRand *rand)
{
  return pick (rand, vocabulary, G_N_ELEMENTS (vocabulary));
}

/* Appends a sentence of @n_words words, capitalised and punctuated. */
static void
append_sentence (GString *out,
                 GRand   *rand,
                 guint    n_words)
{
  for (guint i = 0; i < n_words; i++)
    {
      const char *word = pick_word (rand);

      if (i > 0)
        g_string_append_c (out, ' ');

      if (i == 0)
        {
          gunichar first = g_utf8_get_char (word);

          g_string_append_unichar (out, g_unichar_toupper (first));
          g_string_append (out, g_utf8_next_char (word));
        }
      else
        g_string_append (out, word);

      if (i > 2 && i + 2 < n_words && g_rand_int_range (rand, 0, 9) == 0)
        g_string_append_c (out, ',');
      else if (i > 2 && i + 3 < n_words && g_rand_int_range (rand, 0, 40) == 0)
        g_string_append (out, " \u2014");
    }

  g_string_append_c (out, g_rand_int_range (rand, 0, 12) == 0 ? '?' : '.');
}

static char *
make_sentence (GRand *rand,
               guint  min_words,
               guint  max_words)
{
  GString *out = g_string_new (NULL);

  append_sentence (out, rand, g_rand_int_range (rand, min_words, max_words + 1));

  return g_string_free (out, FALSE);
}

static char *
make_title (GRand *rand,
            guint  n_words)
{
  g_autofree char *sentence = make_sentence (rand, n_words, n_words);

  /* A heading or headline carries no full stop. */
  sentence[strlen (sentence) - 1] = '\0';

  return g_steal_pointer (&sentence);
}

/* Adds a few non-overlapping marks over whole words of @text. */
static GPtrArray *
make_marks (GRand      *rand,
            const char *text)
{
  GPtrArray *marks = cd_marks_new ();
  glong length = g_utf8_strlen (text, -1);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  guint position = 0;
  guint next_free = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), position++)
    {
      if (position == 0 || p[-1] == ' ')
        g_array_append_val (starts, position);
    }

  for (guint i = 0; i < starts->len; i++)
    {
      guint start = g_array_index (starts, guint, i);
      guint span = g_rand_int_range (rand, 1, 4);
      guint end;
      int roll = g_rand_int_range (rand, 0, 60);
      CdMarkType type;
      g_autofree char *href = NULL;

      if (start < next_free || roll > 2)
        continue;

      end = i + span < starts->len ? g_array_index (starts, guint, i + span) - 1 : (guint) length;
      type = roll == 0 ? CD_MARK_STRONG : roll == 1 ? CD_MARK_EM : CD_MARK_LINK;
      if (type == CD_MARK_LINK)
        href = g_strdup_printf ("https://www.example.com/news/2024/%02d/story-%u.html",
                                g_rand_int_range (rand, 1, 13), start);

      g_ptr_array_add (marks, cd_mark_new (type, start, end, href));
      next_free = end + 1;
    }

  return marks;
}

static CdBlock *
make_text_block (CdBlockType  type,
                 const char  *text,
                 GRand       *rand)
{
  CdBlock *block = cd_block_new (type);
  g_autoptr(GPtrArray) marks = NULL;

  if (cd_block_type_has_marks (type))
    {
      marks = make_marks (rand, text);
      cd_block_set_text_and_marks (block, text, marks);
    }
  else
    cd_block_set_text (block, text);

  return block;
}

/* Media: a real PNG (stored, uncompressed deflate) of about 20 KB, with
 * noisy pixels so that it is as incompressible as a photograph. */

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         length)
{
  static guint32 table[256];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&initialized, 1);
    }

  crc ^= 0xFFFFFFFFu;
  for (gsize i = 0; i < length; i++)
    crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);

  return crc ^ 0xFFFFFFFFu;
}

static void
append_be32 (GByteArray *out,
             guint32     value)
{
  guint8 b[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (out, b, 4);
}

static void
append_chunk (GByteArray   *out,
              const char   *type,
              const guint8 *data,
              gsize         length)
{
  guint32 crc;

  append_be32 (out, length);
  g_byte_array_append (out, (const guint8 *) type, 4);
  g_byte_array_append (out, data, length);
  crc = crc32_update (0, (const guint8 *) type, 4);
  crc = crc32_update (crc, data, length);
  append_be32 (out, crc);
}

static GBytes *
make_png (GRand *rand,
          guint  width,
          guint  height)
{
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GByteArray) zlib = g_byte_array_new ();
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
  guint8 ihdr[13];
  guint32 a = 1, b = 0;
  guint8 hue = g_rand_int_range (rand, 0, 256);

  for (guint y = 0; y < height; y++)
    {
      guint8 filter = 0;

      g_byte_array_append (raw, &filter, 1);
      for (guint x = 0; x < width; x++)
        {
          guint8 noise = g_rand_int_range (rand, 0, 48);
          guint8 rgb[3] = {
            (guint8) (hue + x + noise),
            (guint8) (y * 3 + noise),
            (guint8) (255 - x - y + noise),
          };

          g_byte_array_append (raw, rgb, 3);
        }
    }

  /* zlib header, then stored deflate blocks of at most 65,535 bytes. */
  g_byte_array_append (zlib, (const guint8 *) "\x78\x01", 2);
  for (gsize offset = 0; offset < raw->len;)
    {
      gsize n = MIN (raw->len - offset, 65535);
      gboolean last = offset + n == raw->len;
      guint8 header[5] = { last ? 1 : 0, n & 0xFF, n >> 8, ~n & 0xFF, (~n >> 8) & 0xFF };

      g_byte_array_append (zlib, header, 5);
      g_byte_array_append (zlib, raw->data + offset, n);
      offset += n;
    }
  for (guint i = 0; i < raw->len; i++)
    {
      a = (a + raw->data[i]) % 65521;
      b = (b + a) % 65521;
    }
  append_be32 (zlib, (b << 16) | a);

  ihdr[0] = width >> 24; ihdr[1] = width >> 16; ihdr[2] = width >> 8; ihdr[3] = width;
  ihdr[4] = height >> 24; ihdr[5] = height >> 16; ihdr[6] = height >> 8; ihdr[7] = height;
  ihdr[8] = 8;   /* bit depth */
  ihdr[9] = 2;   /* truecolour */
  ihdr[10] = 0;  /* deflate */
  ihdr[11] = 0;  /* adaptive filtering */
  ihdr[12] = 0;  /* no interlace */

  g_byte_array_append (png, signature, sizeof signature);
  append_chunk (png, "IHDR", ihdr, sizeof ihdr);
  append_chunk (png, "IDAT", zlib->data, zlib->len);
  append_chunk (png, "IEND", NULL, 0);

  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

static CdBlock *
make_figure (CdArticle *article,
             GRand     *rand,
             guint      index)
{
  CdBlock *block = cd_block_new (CD_BLOCK_FIGURE);
  g_autofree char *path = g_strdup_printf ("media/photo-%02u.png", index);
  g_autofree char *caption = make_sentence (rand, 8, 18);
  g_autofree char *alt = make_sentence (rand, 6, 12);
  g_autofree char *credit = g_strdup_printf ("Photo: %s / Porthaven Post", pick (rand, names, G_N_ELEMENTS (names)));
  g_autoptr(GBytes) png = make_png (rand, IMAGE_WIDTH, IMAGE_HEIGHT);

  cd_article_set_media (article, path, png);
  cd_block_set_field (block, CD_BLOCK_FIELD_SRC, path);
  cd_block_set_field (block, CD_BLOCK_FIELD_ALT, alt);
  cd_block_set_field (block, CD_BLOCK_FIELD_CAPTION, caption);
  cd_block_set_field (block, CD_BLOCK_FIELD_CREDIT, credit);
  cd_block_set_size (block, IMAGE_WIDTH, IMAGE_HEIGHT);

  return block;
}

static CdBlock *
make_embed (GRand *rand,
            guint  index)
{
  /* Post addresses, each around a four-digit number. */
  static const char * const urls[][2] = {
    { "https://x.com/PorthavenPort/status/17901234567890", "" },
    { "https://www.youtube.com/watch?v=dQw4w9W", "" },
    { "https://www.instagram.com/p/C5xYz1", "/" },
    { "https://www.facebook.com/PorthavenPost/posts/10", "" },
    { "https://www.tiktok.com/@porthaven/video/67183353908", "" },
    { "https://bsky.app/profile/porthaven.bsky.social/post/3kabc", "" },
    { "https://mastodon.social/@porthaven/11223344556", "" },
    { "https://www.threads.net/@porthaven/post/C5x", "" },
    { "https://www.example.com/reports/harbour-", ".html" },
    { "https://youtu.be/Ab_-9cd", "" },
  };
  CdBlock *block = cd_block_new (CD_BLOCK_EMBED);
  g_autofree char *url = g_strdup_printf ("%s%04u%s", urls[index % G_N_ELEMENTS (urls)][0],
                                          index * 37, urls[index % G_N_ELEMENTS (urls)][1]);
  g_autofree char *text = make_sentence (rand, 12, 40);
  g_autofree char *title = make_title (rand, 5);
  g_autofree char *date = g_strdup_printf ("2024-05-%02u", 1 + index % 28);
  const char *author = pick (rand, names, G_N_ELEMENTS (names));
  g_autofree char *handle = g_strdup_printf ("@%c%s", g_ascii_tolower (author[0]), strchr (author, ' ') + 1);
  g_autoptr(GError) error = NULL;
  const char *provider;
  const char *kind;

  if (!cd_embed_detect (url, &provider, &kind, &error))
    g_error ("Embed URL %s refused: %s", url, error->message);

  cd_block_set_field (block, CD_BLOCK_FIELD_PROVIDER, provider);
  cd_block_set_field (block, CD_BLOCK_FIELD_URL, url);
  cd_block_set_field (block, CD_BLOCK_FIELD_KIND, kind);
  cd_block_set_field (block, CD_BLOCK_FIELD_AUTHOR, author);
  cd_block_set_field (block, CD_BLOCK_FIELD_HANDLE, handle);
  cd_block_set_field (block, CD_BLOCK_FIELD_TITLE, title);
  cd_block_set_field (block, CD_BLOCK_FIELD_TEXT, text);
  cd_block_set_field (block, CD_BLOCK_FIELD_DATE, date);
  cd_block_set_field (block, CD_BLOCK_FIELD_LANG, "en");

  return block;
}

/* The text blocks of the body, in order, until the story reaches its
 * length (headline, subheadline and captions included). */
static GPtrArray *
make_text_blocks (GRand *rand,
                  guint  words_so_far,
                  guint  target_words)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_words = words_so_far;
  guint n_paragraphs = 0;

  while (n_words < target_words)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      CdBlock *block;
      guint n_sentences = g_rand_int_range (rand, 2, 6);

      for (guint i = 0; i < n_sentences; i++)
        {
          if (i > 0)
            g_string_append_c (text, ' ');
          append_sentence (text, rand, g_rand_int_range (rand, 8, 26));
        }

      block = make_text_block (CD_BLOCK_PARAGRAPH, text->str, rand);
      n_words += cd_stats_count_words (text->str);
      g_ptr_array_add (blocks, block);
      n_paragraphs++;

      if (n_words >= target_words)
        break;

      if (n_paragraphs % 7 == 0)
        {
          g_autofree char *title = make_title (rand, g_rand_int_range (rand, 3, 8));

          block = make_text_block (CD_BLOCK_HEADING, title, rand);
          cd_block_set_level (block, n_paragraphs % 21 == 0 ? 3 : 2);
          n_words += cd_stats_count_words (title);
          g_ptr_array_add (blocks, block);
        }
      else if (n_paragraphs % 11 == 0)
        {
          g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_list_item_free);
          guint n_items = g_rand_int_range (rand, 3, 7);

          for (guint i = 0; i < n_items; i++)
            {
              g_autofree char *item = make_sentence (rand, 4, 14);
              CdListItem *list_item = cd_list_item_new (item);

              g_ptr_array_unref (list_item->marks);
              list_item->marks = make_marks (rand, item);
              n_words += cd_stats_count_words (item);
              g_ptr_array_add (items, list_item);
            }

          block = cd_block_new (CD_BLOCK_LIST);
          cd_block_set_ordered (block, n_paragraphs % 2 == 0);
          cd_block_set_items (block, items);
          g_ptr_array_add (blocks, block);
        }
      else if (n_paragraphs % 13 == 0 || n_paragraphs % 29 == 0)
        {
          CdBlockType type = n_paragraphs % 13 == 0 ? CD_BLOCK_QUOTE : CD_BLOCK_PULLQUOTE;
          g_autofree char *quote = make_sentence (rand, 10, 30);
          const char *who = pick (rand, names, G_N_ELEMENTS (names));

          block = make_text_block (type, quote, rand);
          cd_block_set_field (block, CD_BLOCK_FIELD_ATTRIBUTION, who);
          n_words += cd_stats_count_words (quote) + cd_stats_count_words (who);
          g_ptr_array_add (blocks, block);
        }
      else if (n_paragraphs % 47 == 0)
        g_ptr_array_add (blocks, cd_block_new (CD_BLOCK_DIVIDER));
    }

  return blocks;
}

CdArticle *
story_gen_make (void)
{
  return story_gen_make_words (STORY_GEN_TARGET_WORDS);
}

CdArticle *
story_gen_make_words (guint target_words)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240514);
  CdArticle *article = cd_article_new ();
  g_autoptr(GPtrArray) bylines = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_byline_free);
  g_autoptr(CdDateline) dateline = cd_dateline_new ("PORTHAVEN", "", "2024-05-14");
  static const char * const keywords[] = { "Porthaven", "ferries", "harbour", "transport", NULL };
  g_autoptr(GPtrArray) figures = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) embeds = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) text_blocks = NULL;
  g_autoptr(CdBlock) lead = NULL;
  g_autofree char *headline = make_title (rand, 9);
  g_autofree char *subheadline = make_sentence (rand, 14, 22);
  CdStats stats;
  guint n_text;

  cd_article_set_headline (article, headline);
  cd_article_set_field (article, CD_ARTICLE_FIELD_SUBHEADLINE, subheadline);
  cd_article_set_field (article, CD_ARTICLE_FIELD_SLUG, "porthaven-harbour-long-read");
  cd_article_set_field (article, CD_ARTICLE_FIELD_SECTION, "Local");
  cd_article_set_field (article, CD_ARTICLE_FIELD_NOTES, "Benchmark story, generated.");
  cd_article_set_keywords (article, keywords);
  g_ptr_array_add (bylines, cd_byline_new ("Maren Talbot", "Transport correspondent"));
  g_ptr_array_add (bylines, cd_byline_new ("Idris Okafor", "Staff reporter"));
  cd_article_set_bylines (article, bylines);
  cd_article_set_dateline (article, dateline);

  lead = make_figure (article, rand, 0);
  cd_article_set_lead (article, lead);

  for (guint i = 1; i <= STORY_GEN_N_FIGURES; i++)
    g_ptr_array_add (figures, make_figure (article, rand, i));
  for (guint i = 0; i < STORY_GEN_N_EMBEDS; i++)
    g_ptr_array_add (embeds, make_embed (rand, i));

  cd_stats_compute (article, &stats);
  for (guint i = 0; i < figures->len; i++)
    stats.words += cd_stats_count_words (cd_block_get_field (g_ptr_array_index (figures, i),
                                                             CD_BLOCK_FIELD_CAPTION));
  text_blocks = make_text_blocks (rand, stats.words, target_words);

  /* Figures and embeds spread evenly through the text, an embed halfway
   * between two figures. */
  n_text = text_blocks->len;
  for (guint i = 0, figure = 0, embed = 0; i < n_text; i++)
    {
      cd_article_append_block (article, g_ptr_array_index (text_blocks, i));

      while (figure < STORY_GEN_N_FIGURES && (figure + 1) * n_text / (STORY_GEN_N_FIGURES + 1) <= i)
        cd_article_append_block (article, g_ptr_array_index (figures, figure++));
      while (embed < STORY_GEN_N_EMBEDS && (2 * embed + 1) * n_text / (2 * STORY_GEN_N_EMBEDS + 2) <= i)
        cd_article_append_block (article, g_ptr_array_index (embeds, embed++));
    }

  return article;
}

/* The same story as Markdown, for cmark, pandoc and text editors. */

static void
append_marked_markdown (GString    *out,
                        const char *text,
                        GPtrArray  *marks)
{
  g_autoptr(GPtrArray) sorted = cd_marks_copy (marks);
  guint position = 0;
  guint next = 0;
  const CdMark *open = NULL;

  cd_marks_sort (sorted);

  for (const char *p = text; ; p = g_utf8_next_char (p), position++)
    {
      if (open != NULL && position == open->end)
        {
          if (open->type == CD_MARK_STRONG)
            g_string_append (out, "**");
          else if (open->type == CD_MARK_EM)
            g_string_append_c (out, '*');
          else
            g_string_append_printf (out, "](%s)", open->href);
          open = NULL;
        }

      if (open == NULL && next < sorted->len &&
          ((const CdMark *) g_ptr_array_index (sorted, next))->start == position)
        {
          open = g_ptr_array_index (sorted, next++);
          if (open->type == CD_MARK_STRONG)
            g_string_append (out, "**");
          else if (open->type == CD_MARK_EM)
            g_string_append_c (out, '*');
          else
            g_string_append_c (out, '[');
        }

      if (*p == '\0')
        break;

      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
}

static void
append_figure_markdown (GString *out,
                        CdBlock *block)
{
  g_string_append_printf (out, "![%s](%s)\n\n*%s* %s\n\n",
                          cd_block_get_field (block, CD_BLOCK_FIELD_ALT),
                          cd_block_get_field (block, CD_BLOCK_FIELD_SRC),
                          cd_block_get_field (block, CD_BLOCK_FIELD_CAPTION),
                          cd_block_get_field (block, CD_BLOCK_FIELD_CREDIT));
}

char *
story_gen_to_markdown (CdArticle *article)
{
  GString *out = g_string_new (NULL);
  GPtrArray *bylines = cd_article_get_bylines (article);
  const CdDateline *dateline = cd_article_get_dateline (article);
  guint n_blocks = cd_article_get_n_blocks (article);
  gboolean first_paragraph = TRUE;

  g_string_append_printf (out, "# %s\n\n*%s*\n\n",
                          cd_article_get_headline (article),
                          cd_article_get_field (article, CD_ARTICLE_FIELD_SUBHEADLINE));
  for (guint i = 0; i < bylines->len; i++)
    {
      const CdByline *byline = g_ptr_array_index (bylines, i);

      g_string_append_printf (out, "By %s, %s  \n", byline->name, byline->title);
    }
  g_string_append_c (out, '\n');

  if (cd_article_get_lead (article) != NULL)
    append_figure_markdown (out, cd_article_get_lead (article));

  for (guint i = 0; i < n_blocks; i++)
    {
      CdBlock *block = cd_article_get_block (article, i);

      switch (cd_block_get_block_type (block))
        {
        case CD_BLOCK_PARAGRAPH:
          if (first_paragraph && dateline != NULL)
            g_string_append_printf (out, "**%s** \u2014 ", dateline->place);
          first_paragraph = FALSE;
          append_marked_markdown (out, cd_block_get_text (block), cd_block_get_marks (block));
          g_string_append (out, "\n\n");
          break;

        case CD_BLOCK_HEADING:
          g_string_append (out, cd_block_get_level (block) == 3 ? "### " : "## ");
          append_marked_markdown (out, cd_block_get_text (block), cd_block_get_marks (block));
          g_string_append (out, "\n\n");
          break;

        case CD_BLOCK_QUOTE:
        case CD_BLOCK_PULLQUOTE:
          g_string_append (out, "> ");
          append_marked_markdown (out, cd_block_get_text (block), cd_block_get_marks (block));
          g_string_append_printf (out, "\n>\n> \u2014 %s\n\n",
                                  cd_block_get_field (block, CD_BLOCK_FIELD_ATTRIBUTION));
          break;

        case CD_BLOCK_LIST:
          {
            GPtrArray *items = cd_block_get_items (block);
            gboolean ordered = cd_block_get_ordered (block);

            for (guint j = 0; j < items->len; j++)
              {
                const CdListItem *item = g_ptr_array_index (items, j);

                if (ordered)
                  g_string_append_printf (out, "%u. ", j + 1);
                else
                  g_string_append (out, "- ");
                append_marked_markdown (out, item->text, item->marks);
                g_string_append_c (out, '\n');
              }
            g_string_append_c (out, '\n');
          }
          break;

        case CD_BLOCK_FIGURE:
          append_figure_markdown (out, block);
          break;

        case CD_BLOCK_EMBED:
          g_string_append_printf (out, "> %s\n>\n> \u2014 %s (%s), %s, [%s](%s)\n\n",
                                  cd_block_get_text (block),
                                  cd_block_get_field (block, CD_BLOCK_FIELD_AUTHOR),
                                  cd_block_get_field (block, CD_BLOCK_FIELD_HANDLE),
                                  cd_block_get_field (block, CD_BLOCK_FIELD_DATE),
                                  cd_embed_provider_display_name (cd_block_get_field (block, CD_BLOCK_FIELD_PROVIDER)),
                                  cd_block_get_field (block, CD_BLOCK_FIELD_URL));
          break;

        case CD_BLOCK_DIVIDER:
        default:
          g_string_append (out, "* * *\n\n");
          break;
        }
    }

  return g_string_free (out, FALSE);
}
