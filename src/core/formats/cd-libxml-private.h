/* cd-libxml-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "cd-libs-private.h"

/* xmlFree is a variable holding the function that frees what libxml2
 * allocated, unless libxml2 was built with per-thread allocators. */
#ifdef xmlFree
#error "libxml2 with per-thread allocators is not supported"
#endif

G_BEGIN_DECLS

/* The libxml2 functions the core calls; see cd-libs-private.h. */
#define CD_LIBXML_SYMBOLS(X) \
  X (htmlCtxtReadMemory) \
  X (htmlEntityLookup) \
  X (htmlFreeParserCtxt) \
  X (htmlNewParserCtxt) \
  X (htmlReadMemory) \
  X (xmlAddChild) \
  X (xmlAddDocEntity) \
  X (xmlCreateIntSubset) \
  X (xmlCtxtGetLastError) \
  X (xmlCtxtReadMemory) \
  X (xmlDocDumpFormatMemoryEnc) \
  X (xmlDocGetRootElement) \
  X (xmlDocSetRootElement) \
  X (xmlFree) \
  X (xmlFreeDoc) \
  X (xmlFreeParserCtxt) \
  X (xmlGetDocEntity) \
  X (xmlGetLineNo) \
  X (xmlGetNsProp) \
  X (xmlGetProp) \
  X (xmlHasProp) \
  X (xmlIsBlankNode) \
  X (xmlNewChild) \
  X (xmlNewDoc) \
  X (xmlNewDocNode) \
  X (xmlNewDocText) \
  X (xmlNewNs) \
  X (xmlNewParserCtxt) \
  X (xmlNewProp) \
  X (xmlNewTextChild) \
  X (xmlNodeAddContent) \
  X (xmlNodeGetContent) \
  X (xmlNodeGetLang) \
  X (xmlNodeSetLang) \
  X (xmlSAX2GetEntity) \
  X (xmlSetNs)

CD_LIBS_DECLARE_TABLE (CdLibxml, _cd_libxml, CD_LIBXML_SYMBOLS)

/* From here on each name stands for its entry in the table. */
#ifndef CD_LIBS_TABLES
#define htmlCtxtReadMemory (_cd_libxml ()->htmlCtxtReadMemory)
#define htmlEntityLookup (_cd_libxml ()->htmlEntityLookup)
#define htmlFreeParserCtxt (_cd_libxml ()->htmlFreeParserCtxt)
#define htmlNewParserCtxt (_cd_libxml ()->htmlNewParserCtxt)
#define htmlReadMemory (_cd_libxml ()->htmlReadMemory)
#define xmlAddChild (_cd_libxml ()->xmlAddChild)
#define xmlAddDocEntity (_cd_libxml ()->xmlAddDocEntity)
#define xmlCreateIntSubset (_cd_libxml ()->xmlCreateIntSubset)
#define xmlCtxtGetLastError (_cd_libxml ()->xmlCtxtGetLastError)
#define xmlCtxtReadMemory (_cd_libxml ()->xmlCtxtReadMemory)
#define xmlDocDumpFormatMemoryEnc (_cd_libxml ()->xmlDocDumpFormatMemoryEnc)
#define xmlDocGetRootElement (_cd_libxml ()->xmlDocGetRootElement)
#define xmlDocSetRootElement (_cd_libxml ()->xmlDocSetRootElement)
#define xmlFree (*_cd_libxml ()->xmlFree)
#define xmlFreeDoc (_cd_libxml ()->xmlFreeDoc)
#define xmlFreeParserCtxt (_cd_libxml ()->xmlFreeParserCtxt)
#define xmlGetDocEntity (_cd_libxml ()->xmlGetDocEntity)
#define xmlGetLineNo (_cd_libxml ()->xmlGetLineNo)
#define xmlGetNsProp (_cd_libxml ()->xmlGetNsProp)
#define xmlGetProp (_cd_libxml ()->xmlGetProp)
#define xmlHasProp (_cd_libxml ()->xmlHasProp)
#define xmlIsBlankNode (_cd_libxml ()->xmlIsBlankNode)
#define xmlNewChild (_cd_libxml ()->xmlNewChild)
#define xmlNewDoc (_cd_libxml ()->xmlNewDoc)
#define xmlNewDocNode (_cd_libxml ()->xmlNewDocNode)
#define xmlNewDocText (_cd_libxml ()->xmlNewDocText)
#define xmlNewNs (_cd_libxml ()->xmlNewNs)
#define xmlNewParserCtxt (_cd_libxml ()->xmlNewParserCtxt)
#define xmlNewProp (_cd_libxml ()->xmlNewProp)
#define xmlNewTextChild (_cd_libxml ()->xmlNewTextChild)
#define xmlNodeAddContent (_cd_libxml ()->xmlNodeAddContent)
#define xmlNodeGetContent (_cd_libxml ()->xmlNodeGetContent)
#define xmlNodeGetLang (_cd_libxml ()->xmlNodeGetLang)
#define xmlNodeSetLang (_cd_libxml ()->xmlNodeSetLang)
#define xmlSAX2GetEntity (_cd_libxml ()->xmlSAX2GetEntity)
#define xmlSetNs (_cd_libxml ()->xmlSetNs)
#endif

G_END_DECLS
