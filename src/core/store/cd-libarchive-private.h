/* cd-libarchive-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <archive.h>
#include <archive_entry.h>

#include "cd-libs-private.h"

G_BEGIN_DECLS

/* The libarchive functions the core calls; see cd-libs-private.h. */
#define CD_LIBARCHIVE_SYMBOLS(X) \
  X (archive_entry_filetype) \
  X (archive_entry_free) \
  X (archive_entry_is_encrypted) \
  X (archive_entry_new) \
  X (archive_entry_pathname) \
  X (archive_entry_pathname_utf8) \
  X (archive_entry_set_filetype) \
  X (archive_entry_set_pathname_utf8) \
  X (archive_entry_set_perm) \
  X (archive_entry_set_size) \
  X (archive_entry_size) \
  X (archive_entry_size_is_set) \
  X (archive_error_string) \
  X (archive_read_data_block) \
  X (archive_read_free) \
  X (archive_read_new) \
  X (archive_read_next_header) \
  X (archive_read_open_memory) \
  X (archive_read_support_format_zip_seekable) \
  X (archive_write_close) \
  X (archive_write_data) \
  X (archive_write_finish_entry) \
  X (archive_write_free) \
  X (archive_write_header) \
  X (archive_write_new) \
  X (archive_write_open) \
  X (archive_write_set_bytes_in_last_block) \
  X (archive_write_set_bytes_per_block) \
  X (archive_write_set_format_option) \
  X (archive_write_set_format_zip) \
  X (archive_write_zip_set_compression_deflate) \
  X (archive_write_zip_set_compression_store)

CD_LIBS_DECLARE_TABLE (CdLibarchive, _cd_libarchive, CD_LIBARCHIVE_SYMBOLS)

/* From here on each name stands for its entry in the table. */
#ifndef CD_LIBS_TABLES
#define archive_entry_filetype (_cd_libarchive ()->archive_entry_filetype)
#define archive_entry_free (_cd_libarchive ()->archive_entry_free)
#define archive_entry_is_encrypted (_cd_libarchive ()->archive_entry_is_encrypted)
#define archive_entry_new (_cd_libarchive ()->archive_entry_new)
#define archive_entry_pathname (_cd_libarchive ()->archive_entry_pathname)
#define archive_entry_pathname_utf8 (_cd_libarchive ()->archive_entry_pathname_utf8)
#define archive_entry_set_filetype (_cd_libarchive ()->archive_entry_set_filetype)
#define archive_entry_set_pathname_utf8 (_cd_libarchive ()->archive_entry_set_pathname_utf8)
#define archive_entry_set_perm (_cd_libarchive ()->archive_entry_set_perm)
#define archive_entry_set_size (_cd_libarchive ()->archive_entry_set_size)
#define archive_entry_size (_cd_libarchive ()->archive_entry_size)
#define archive_entry_size_is_set (_cd_libarchive ()->archive_entry_size_is_set)
#define archive_error_string (_cd_libarchive ()->archive_error_string)
#define archive_read_data_block (_cd_libarchive ()->archive_read_data_block)
#define archive_read_free (_cd_libarchive ()->archive_read_free)
#define archive_read_new (_cd_libarchive ()->archive_read_new)
#define archive_read_next_header (_cd_libarchive ()->archive_read_next_header)
#define archive_read_open_memory (_cd_libarchive ()->archive_read_open_memory)
#define archive_read_support_format_zip_seekable (_cd_libarchive ()->archive_read_support_format_zip_seekable)
#define archive_write_close (_cd_libarchive ()->archive_write_close)
#define archive_write_data (_cd_libarchive ()->archive_write_data)
#define archive_write_finish_entry (_cd_libarchive ()->archive_write_finish_entry)
#define archive_write_free (_cd_libarchive ()->archive_write_free)
#define archive_write_header (_cd_libarchive ()->archive_write_header)
#define archive_write_new (_cd_libarchive ()->archive_write_new)
#define archive_write_open (_cd_libarchive ()->archive_write_open)
#define archive_write_set_bytes_in_last_block (_cd_libarchive ()->archive_write_set_bytes_in_last_block)
#define archive_write_set_bytes_per_block (_cd_libarchive ()->archive_write_set_bytes_per_block)
#define archive_write_set_format_option (_cd_libarchive ()->archive_write_set_format_option)
#define archive_write_set_format_zip (_cd_libarchive ()->archive_write_set_format_zip)
#define archive_write_zip_set_compression_deflate (_cd_libarchive ()->archive_write_zip_set_compression_deflate)
#define archive_write_zip_set_compression_store (_cd_libarchive ()->archive_write_zip_set_compression_store)
#endif

G_END_DECLS
