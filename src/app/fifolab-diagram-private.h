/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fifolab-diagram.h"

G_BEGIN_DECLS

/* For the UI tests, which look at what the diagram tells the user. */
/* What the accessible description says now (transfer none). */
const char *_fifolab_diagram_get_description (FifolabDiagram *self);
/* Messages animated right now (0 when animations are off). */
guint       _fifolab_diagram_get_n_animating (FifolabDiagram *self);

/* The texts drawn at the current size (transfer full; an ellipsized one
 * would start with "ELLIPSIZED:"), and in @rects (graphene_rect_t, transfer
 * full) where each lies. */
GPtrArray  *_fifolab_diagram_dup_texts       (FifolabDiagram *self,
                                              GArray        **rects);
/* The size of the texts' font in pixels, zoom included. */
double      _fifolab_diagram_get_font_px     (FifolabDiagram *self);

G_END_DECLS
